import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { Help } from './Help';

describe('help', () => {
  it('shows the phone, the hours and that advisors are available on a Friday afternoon in Los Angeles', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T16:30:00-08:00'));
    render(<MemoryRouter><Help /></MemoryRouter>);
    expect(screen.getByRole('link', { name: '800-460-6276' }).getAttribute('href')).toBe('tel:+18004606276');
    expect(screen.getByText('Available now')).toBeTruthy();
    expect(screen.getByTestId('advisor-availability').textContent).toBe('Available now, until 5 pm Pacific time.');
    expect(screen.getByRole('row', { name: /Friday/ }).textContent).toContain('5 am – 5 pm');
  });

  it('says when they open next when closed', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T17:00:00-08:00'));
    render(<MemoryRouter><Help /></MemoryRouter>);
    expect(screen.getByText('Closed now')).toBeTruthy();
    expect(screen.getByTestId('advisor-availability').textContent).toBe('Closed now — opens tomorrow (Sat) at 7 am Pacific time.');
  });
});
