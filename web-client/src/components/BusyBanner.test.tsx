import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { api, call } from '../api/client';
import { BusyBanner } from './BusyBanner';

describe('BusyBanner', () => {
  it('counts down while the API client waits out a busy 503, then goes away when the retry is answered', async () => {
    vi.useFakeTimers();
    const answers = [
      new Response(JSON.stringify({ status: 503, title: 'Recert is busy: try again in a few seconds.', code: 'capacity.busy' }), {
        status: 503,
        headers: { 'content-type': 'application/problem+json', 'Retry-After': '2' },
      }),
      new Response(JSON.stringify({ items: [], page: 1, pageSize: 20, total: 0 }), { status: 200, headers: { 'content-type': 'application/json' } }),
    ];
    const fetch = vi.fn(async () => answers.shift()!);
    vi.stubGlobal('fetch', fetch);
    render(<BusyBanner />);

    const page = call(api.GET('/api/v1/providers', { params: { query: {} } }));
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(screen.getByRole('status').textContent).toBe('The service is busy — retrying in 2 s.');

    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(screen.getByRole('status').textContent).toBe('The service is busy — retrying in 1 s.');

    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(await page).toEqual({ items: [], page: 1, pageSize: 20, total: 0 });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('status')).toBeNull();
  });
});
