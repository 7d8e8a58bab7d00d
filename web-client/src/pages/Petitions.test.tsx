import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { demoUser, renderRoute, stubApi } from '../test/helpers';
import { NewPetition, Petitions } from './Petitions';

const feeSchedule = {
  today: '2026-11-25',
  current: { effectiveFrom: '2026-01-01', currency: 'USD', renewalCents: 9900, lateCents: 3000, additionalLateCents: 5000, forLifeCents: 29900, petitionCents: 2500 },
  schedules: [],
};

function petition(overrides: Record<string, unknown>) {
  return {
    id: '00000000-0000-0000-0000-0000000000b1', number: 'CPT-100001', activityId: '00000000-0000-0000-0000-0000000000b2',
    title: 'Mobility Summit', providerName: 'Mobility Co', area: 'assessment', contactHours: 8, requestedCeus: 0.8, completedOn: '2026-11-01',
    documentId: '00000000-0000-0000-0000-0000000000b3', status: 'awaiting-payment', feeCents: 2500, currency: 'USD', paidAt: null,
    grantedCeus: null, decisionReason: null, decidedAt: null, createdAt: '2026-11-20T18:00:00Z', ...overrides,
  };
}

describe('petition form', () => {
  it('states the nonrefundable fee from the fee schedule', async () => {
    stubApi({ 'GET /api/v1/me': { body: demoUser }, 'GET /api/v1/fee-schedule': { body: feeSchedule } });
    renderRoute('/certifications/CPT-100001/petitions/new', '/certifications/:number/petitions/new', <NewPetition />);
    await waitFor(() => expect(screen.getByTestId('petition-fee').textContent).toMatch(/Fee: \$25\.00 per course, nonrefundable[\s\S]*goes into your cart/));
  });

  it('marks every missing field before calling the API', async () => {
    const sent = stubApi({ 'GET /api/v1/me': { body: demoUser }, 'GET /api/v1/fee-schedule': { body: feeSchedule } });
    renderRoute('/certifications/CPT-100001/petitions/new', '/certifications/:number/petitions/new', <NewPetition />);
    await userEvent.type(await screen.findByLabelText('Contact hours'), '7.25');
    await userEvent.click(screen.getByRole('button', { name: 'File petition and add fee to cart' }));
    expect(document.getElementById('pet-title-error')?.textContent).toMatch(/Enter the course or event title/);
    expect(document.getElementById('pet-provider-error')?.textContent).toMatch(/Enter who gave the course/);
    expect(document.getElementById('pet-area-error')?.textContent).toMatch(/Choose the area/);
    expect(document.getElementById('pet-hours-error')?.textContent).toMatch(/at most one decimal/);
    expect(screen.getByLabelText('Provider name').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Please correct the fields marked below.')).toBeTruthy();
    expect(screen.getByText('Attach the course certificate.')).toBeTruthy();
    expect(sent.some((s) => s.method === 'POST')).toBe(false);

    // Each error clears as its own field is fixed; the others stay until then.
    await userEvent.type(screen.getByLabelText('Provider name'), 'Mobility Co');
    expect(document.getElementById('pet-provider-error')?.textContent ?? '').toBe('');
    expect(screen.getByLabelText('Provider name').getAttribute('aria-invalid')).toBe('false');
    expect(document.getElementById('pet-title-error')?.textContent).toMatch(/Enter the course or event title/);
  });

  it('shows the requested CEUs for the contact hours typed', async () => {
    stubApi({ 'GET /api/v1/me': { body: demoUser }, 'GET /api/v1/fee-schedule': { body: feeSchedule } });
    renderRoute('/certifications/CPT-100001/petitions/new', '/certifications/:number/petitions/new', <NewPetition />);
    await userEvent.type(await screen.findByLabelText('Contact hours'), '7.5');
    expect(screen.getByText('= 0.75 CEU requested (1 contact hour = 0.1 CEU)')).toBeTruthy();
  });
});

describe('petition list', () => {
  it('shows each state: pending payment, awaiting review, approved with CEUs, denied with the reason', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/certifications/CPT-100001/petitions': {
        body: [
          petition({ id: '1', title: 'Unpaid course' }),
          petition({ id: '2', title: 'Paid course', status: 'awaiting-review', paidAt: '2026-11-21T18:00:00Z' }),
          petition({ id: '3', title: 'Approved course', status: 'approved', paidAt: '2026-11-21T18:00:00Z', grantedCeus: 0.6 }),
          petition({ id: '4', title: 'Denied course', status: 'denied', paidAt: '2026-11-21T18:00:00Z', decisionReason: 'Not related to personal training.' }),
        ],
      },
    });
    renderRoute('/certifications/CPT-100001/petitions', '/certifications/:number/petitions', <Petitions />);
    const rows = await screen.findAllByTestId('petition-row');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/Unpaid course[\s\S]*Pending payment[\s\S]*Pay the fee/),
      expect.stringMatching(/Paid course[\s\S]*Awaiting review/),
      expect.stringMatching(/Approved course[\s\S]*Approved0\.6 CEU granted/),
      expect.stringMatching(/Denied course[\s\S]*DeniedReason: Not related to personal training\./),
    ]);
    expect(screen.getByText(/One petition is waiting for payment/)).toBeTruthy();
  });
});
