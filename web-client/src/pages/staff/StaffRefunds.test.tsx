import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderRoute, stubApi } from '../../test/helpers';
import { StaffRefunds } from './StaffRefunds';

const staffUser = { id: 'x', email: 'staff@recert.local', firstName: 'S', lastName: 'T', role: 'staff', certificationNumbers: [] };
const due = {
  id: '11111111-1111-1111-1111-111111111111', checkoutId: 'c', applicationId: 'a', number: 'CPT-62', holderName: 'Dana Rivera', amountCents: 9900, currency: 'USD',
  reason: 'Paid after the application was withdrawn.', state: 'due', gatewayReference: null, createdAt: '2026-06-01T19:00:00Z', refundedAt: null, ageDays: 3,
};

describe('refunds queue', () => {
  it('lists due refunds and refunds one through the API', async () => {
    const sent = stubApi({
      'GET /api/v1/me': { body: staffUser },
      'GET /api/v1/staff/refunds': { body: [due] },
      'POST /api/v1/staff/refunds/11111111-1111-1111-1111-111111111111/refund': { body: { ...due, state: 'refunded', gatewayReference: 're_sandbox_1', refundedAt: '2026-06-04T19:00:00Z' } },
    });
    renderRoute('/staff/refunds', '/staff/refunds', <StaffRefunds />);
    expect(await screen.findByText('Paid after the application was withdrawn.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: /Refund \$?99\.00|Refund 99/ }));
    expect(await screen.findByText(/Refunded .*Dana Rivera \(CPT-62\)/)).toBeTruthy();
    expect(sent.some((s) => s.method === 'POST' && s.path === '/api/v1/staff/refunds/11111111-1111-1111-1111-111111111111/refund')).toBe(true);
  });
});
