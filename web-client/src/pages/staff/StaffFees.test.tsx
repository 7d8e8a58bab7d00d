import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderRoute, stubApi } from '../../test/helpers';
import { StaffFees } from './StaffFees';

const entry = { effectiveFrom: '2000-01-01', currency: 'USD', renewalCents: 9900, lateCents: 3000, additionalLateCents: 5000, forLifeCents: 29900, petitionCents: 2500 };
const staffUser = { id: 'x', email: 'staff@recert.local', firstName: 'S', lastName: 'T', role: 'staff', certificationNumbers: [] };

describe('fee schedule', () => {
  it('shows dollars and sends integer cents', async () => {
    const sent = stubApi({
      'GET /api/v1/me': { body: staffUser },
      'GET /api/v1/fee-schedule': { body: { today: '2026-11-25', current: entry, schedules: [entry] } },
      'PUT /api/v1/fee-schedule': { body: { today: '2026-11-25', current: { ...entry, renewalCents: 10950 }, schedules: [entry] } },
    });
    renderRoute('/staff/fees', '/staff/fees', <StaffFees />);
    const renewal = await screen.findByLabelText('Renewal (USD)');
    expect((renewal as HTMLInputElement).value).toBe('99.00');
    await userEvent.clear(renewal);
    await userEvent.type(renewal, '109.50');
    await userEvent.click(screen.getByRole('button', { name: 'Save fees' }));
    expect(await screen.findByText('Fees saved; in force from today.')).toBeTruthy();
    expect(sent.find((s) => s.method === 'PUT')?.body).toEqual({
      effectiveFrom: null,
      currency: 'USD',
      renewalCents: 10950,
      lateCents: 3000,
      additionalLateCents: 5000,
      forLifeCents: 29900,
      petitionCents: 2500,
    });
  });

  it('refuses an amount that is not dollars, next to its field, without calling the API', async () => {
    const sent = stubApi({
      'GET /api/v1/me': { body: staffUser },
      'GET /api/v1/fee-schedule': { body: { today: '2026-11-25', current: entry, schedules: [entry] } },
    });
    renderRoute('/staff/fees', '/staff/fees', <StaffFees />);
    const late = await screen.findByLabelText('Late fee (USD)');
    await userEvent.clear(late);
    await userEvent.type(late, '30.999');
    await userEvent.click(screen.getByRole('button', { name: 'Save fees' }));
    expect(document.getElementById('fee-lateCents-error')?.textContent).toMatch(/Enter an amount in dollars/);
    expect(late.getAttribute('aria-invalid')).toBe('true');
    expect(sent.some((s) => s.method === 'PUT')).toBe(false);
  });

  it('shows a server validation error next to the field it names', async () => {
    stubApi({
      'GET /api/v1/me': { body: staffUser },
      'GET /api/v1/fee-schedule': { body: { today: '2026-11-25', current: entry, schedules: [entry] } },
      'PUT /api/v1/fee-schedule': { status: 400, body: { title: 'The request is not valid.', errors: { effectiveFrom: ['Fees can be set from today or a later date.'] } } },
    });
    renderRoute('/staff/fees', '/staff/fees', <StaffFees />);
    await userEvent.click(await screen.findByRole('button', { name: 'Save fees' }));
    expect((await screen.findByText('Fees can be set from today or a later date.')).id).toBe('fee-effective-error');
  });
});
