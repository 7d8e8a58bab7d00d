import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { application, certificationBody, demoUser, eligibility, renderRoute, stubApi } from '../test/helpers';
import { Renew } from './Renew';

const eligible = eligibility({ eligible: true, unmet: [], cprCurrent: true, aedCurrent: true });

describe('renewal', () => {
  it('shows both plans with their fee breakdowns and submits the chosen plan', async () => {
    let submitted = false;
    const sent = stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/certifications/CPT-100001': { body: certificationBody },
      'GET /api/v1/certifications/CPT-100001/eligibility': { body: eligible },
      'GET /api/v1/certifications/CPT-100001/applications': () => ({ body: submitted ? [application({ plan: 'for-life', fees: eligible.fees.forLife })] : [] }),
      'POST /api/v1/certifications/CPT-100001/applications': () => {
        submitted = true;
        return { status: 201, body: application({ plan: 'for-life', fees: eligible.fees.forLife }) };
      },
    });
    renderRoute('/certifications/CPT-100001/renew', '/certifications/:number/renew', <Renew />);

    await userEvent.click(await screen.findByLabelText(/Certify for Life/));
    expect(screen.getByRole('table', { name: 'Certify for Life — fee breakdown' }).textContent).toContain('$299.00');
    await userEvent.click(screen.getByRole('button', { name: 'Submit Certify for Life application' }));

    expect(await screen.findByText(/Application submitted\./)).toBeTruthy();
    const card = (await screen.findByTestId('application')).textContent;
    expect(card).toMatch(/Certify for Life[\s\S]*\$299\.00/);
    expect(card).toContain('(Pacific Time)');
    expect(card).not.toContain('America/Los_Angeles');
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({ plan: 'for-life' });
  });

  it('lists the unmet rules of a 422 refusal', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/certifications/CPT-100001': { body: certificationBody },
      'GET /api/v1/certifications/CPT-100001/eligibility': { body: eligible },
      'GET /api/v1/certifications/CPT-100001/applications': { body: [] },
      'POST /api/v1/certifications/CPT-100001/applications': {
        status: 422,
        body: { title: 'The request breaks a rule.', status: 422, unmet: [{ code: 'cpr.expired', message: 'Your CPR card expired on 2026-11-20.' }] },
      },
    });
    renderRoute('/certifications/CPT-100001/renew', '/certifications/:number/renew', <Renew />);
    await userEvent.click(await screen.findByRole('button', { name: 'Submit Renew application' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The request breaks a rule.');
    expect(alert.textContent).toContain('Your CPR card expired on 2026-11-20.');
  });

  it('cannot be submitted while a rule is unmet', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/certifications/CPT-100001': { body: certificationBody },
      'GET /api/v1/certifications/CPT-100001/eligibility': { body: eligibility() },
      'GET /api/v1/certifications/CPT-100001/applications': { body: [] },
    });
    renderRoute('/certifications/CPT-100001/renew', '/certifications/:number/renew', <Renew />);
    expect((await screen.findByRole('button', { name: 'Submit Renew application' })).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('0.6 CEU more needed by 2027-04-24.')).toBeTruthy();
  });
});
