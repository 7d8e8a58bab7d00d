import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderRoute, stubApi } from '../../test/helpers';
import { StaffSettings } from './StaffSettings';

const staffUser = { id: '00000000-0000-0000-0000-000000000009', email: 'staff@recert.local', firstName: 'Sam', lastName: 'Staff', role: 'staff', certificationNumbers: [] };
const rate = { configuredRate: 0.1, source: 'configuration', draws: 0, drawn: 0, observedRate: null, history: [] };
const issuers = { issuers: [{ name: 'ASHI', retired: false, retiredAt: null }, { name: 'other', retired: false, retiredAt: null }], history: [] };

describe('staff settings', () => {
  it('sends the audit rate typed in percent as a fraction, and refuses a percentage over 100 in plain words', async () => {
    const sent = stubApi({
      'GET /api/v1/me': { body: staffUser },
      'GET /api/v1/staff/audits/rate': { body: rate },
      'GET /api/v1/staff/cpr-aed/issuers': { body: issuers },
      'PUT /api/v1/staff/audits/rate': { body: { ...rate, configuredRate: 0.125, source: 'staff' } },
    });
    renderRoute('/staff/settings', '/staff/settings', <StaffSettings />);
    const input = await screen.findByLabelText('New audit rate (%)');
    await userEvent.type(input, '150');
    await userEvent.click(screen.getByRole('button', { name: 'Set audit rate' }));
    expect(document.getElementById('audit-rate-error')?.textContent).toBe('Enter a percentage from 0 to 100, e.g. 10 or 12.5.');
    expect(sent.some((s) => s.method === 'PUT')).toBe(false);
    await userEvent.clear(input);
    expect(document.getElementById('audit-rate-error')?.textContent ?? '').toBe('');
    await userEvent.type(input, '12.5');
    await userEvent.click(screen.getByRole('button', { name: 'Set audit rate' }));
    await waitFor(() => expect(sent.find((s) => s.method === 'PUT')?.body).toEqual({ rate: 0.125, reason: null }));
  });

  it('offers no rename or retire for "Other"', async () => {
    stubApi({
      'GET /api/v1/me': { body: staffUser },
      'GET /api/v1/staff/audits/rate': { body: rate },
      'GET /api/v1/staff/cpr-aed/issuers': { body: issuers },
    });
    renderRoute('/staff/settings', '/staff/settings', <StaffSettings />);
    await screen.findByRole('button', { name: 'Rename ASHI' });
    expect(screen.getByText('Other (named by the trainer)')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Rename other/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Retire other/ })).toBeNull();
  });
});
