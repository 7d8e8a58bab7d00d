import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubApi } from '../../test/helpers';
import { StaffApplication } from './StaffApplication';

const staffUser = { id: 'x', email: 'staff@recert.local', firstName: 'S', lastName: 'T', role: 'staff', certificationNumbers: [] };
const id = '22222222-2222-2222-2222-222222222222';
const application = {
  id, number: 'CPT-7', plan: 'renew', status: 'approved', window: 'on-time', receivedOn: '2026-11-20', cycleStart: '2027-01-01', expiresOn: '2028-12-31',
  fees: { items: [{ code: 'renewal', amountCents: 9900 }], totalCents: 9900, currency: 'USD' }, createdAt: '2026-11-20T18:00:00Z', updatedAt: '2026-11-25T18:00:00Z',
};
const detail = {
  application, holderName: 'Dana Rivera', holderEmail: 'dana@example.test', submittedBy: 'Dana Rivera', decisionReason: null,
  payments: [
    { checkoutId: 'k1', state: 'declined', amountCents: 9900, checkoutTotalCents: 9900, currency: 'USD', gatewayReference: null, failure: 'Card declined.', startedAt: '2026-11-20T18:01:00Z', completedAt: '2026-11-20T18:01:02Z', paidThisApplication: false },
    { checkoutId: 'k2', state: 'succeeded', amountCents: 9900, checkoutTotalCents: 12400, currency: 'USD', gatewayReference: 'ch_123', failure: null, startedAt: '2026-11-20T18:05:00Z', completedAt: '2026-11-20T18:05:02Z', paidThisApplication: true },
  ],
  refunds: [],
  auditDraw: { rate: 0.1, drawn: true, drawnAt: '2026-11-20T18:05:02Z' },
  audit: {
    applicationId: id, number: 'CPT-7', state: 'passed', selectedOn: '2026-11-20', dueOn: '2026-12-20', daysLeft: 0, submittedAt: '2026-11-22T18:00:00Z', decidedAt: '2026-11-25T18:00:00Z', reasons: [],
    items: [{ id: 'i1', kind: 'card', subjectId: 's1', description: 'CPR/AED card, American Red Cross', documentId: '00000000-0000-0000-0000-0000000000d1' }],
  },
  decisions: [
    { id: 'd1', subjectKind: 'application', subjectId: id, decision: 'drawn-for-audit', reason: null, decidedBy: 'system', decidedAt: '2026-11-20T18:05:02Z' },
    { id: 'd2', subjectKind: 'audit', subjectId: id, decision: 'passed', reason: 'Certificates match.', decidedBy: 'Sam Staff', decidedAt: '2026-11-25T18:00:00Z' },
  ],
};

afterEach(() => vi.unstubAllGlobals());

describe('staff application detail', () => {
  it('shows the quote, both payment attempts, the audit with its documents and the decisions in order', async () => {
    stubApi({ 'GET /api/v1/me': { body: staffUser }, [`GET /api/v1/staff/applications/${id}`]: { body: detail } });
    renderRoute(`/staff/applications/${id}`, '/staff/applications/:id', <StaffApplication />);
    expect(await screen.findByRole('heading', { name: 'Application of CPT-7' })).toBeTruthy();
    const payments = within(screen.getByRole('region', { name: 'Payments' })).getAllByRole('row').slice(1);
    expect(payments.map((r) => within(r).getAllByRole("cell")[1]?.textContent)).toEqual(['DeclinedCard declined.', 'PaidPaid this application']);
    expect(payments[1]?.textContent).toContain('$124.00');
    expect(screen.getByText(/Drawn for audit at a rate of 10%/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'View Document for CPR/AED card, American Red Cross' })).toBeTruthy();
    const decisions = within(screen.getByRole('region', { name: 'Decisions' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(decisions[0]).toMatch(/^Drawn for audit · system/);
    expect(decisions[1]).toMatch(/^Audit passed · Sam Staff.*Certificates match\./);
  });

  it('says the application is not found for a wrong id', async () => {
    stubApi({ 'GET /api/v1/me': { body: staffUser } });
    renderRoute(`/staff/applications/${id}`, '/staff/applications/:id', <StaffApplication />);
    expect(await screen.findByText(/not found/i)).toBeTruthy();
  });
});
