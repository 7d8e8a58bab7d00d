import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { certificationBody, demoUser, eligibility, renderRoute, stubApi } from '../test/helpers';
import { NewPetition } from './Petitions';
import { AddCeu } from './AddCeu';
import { CprAed } from './CprAed';
import { WhatIf } from './WhatIf';
import { Dashboard } from './Dashboard';

const feeSchedule = {
  today: '2026-11-25',
  current: { effectiveFrom: '2026-01-01', currency: 'USD', renewalCents: 9900, lateCents: 3000, additionalLateCents: 5000, forLifeCents: 29900, petitionCents: 2500 },
  schedules: [],
};

const refused = {
  completedOn: '2026-11-20', fit: 'none', canCount: false, cycleStart: '2027-01-31', expiresOn: '2029-01-30', lastCompletionDate: '2029-04-30',
  code: 'activity.before-cycle',
  message: 'An activity completed on November 20, 2026 counts toward no open cycle. Your current cycle runs from January 31, 2027 to January 30, 2029; only activities completed from January 31, 2027 through April 30, 2029 count toward it.',
};

describe('the cycle an activity counts for (petition trap)', () => {
  it('tells, before the fee, that the petitioned course can count for no cycle, and does not offer to file it', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/fee-schedule': { body: feeSchedule },
      'GET /api/v1/certifications/CPT-100001/activity-cycle': { body: refused },
    });
    renderRoute('/certifications/CPT-100001/petitions/new', '/certifications/:number/petitions/new', <NewPetition />);
    fireEvent.change(await screen.findByLabelText('Completed on'), { target: { value: '2026-11-20' } });
    const note = await screen.findByTestId('cycle-fit');
    expect(note.textContent).toContain('January 31, 2027 to January 30, 2029');
    expect(note.getAttribute('data-fit')).toBe('none');
    expect((screen.getByRole('button', { name: 'File petition and add fee to cart' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByLabelText('Completed on').getAttribute('aria-describedby')).toContain('pet-completed-hint');
  });

  it('warns, before the fee, when a renewal of that cycle is already under way, and still lets the trainer file', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/fee-schedule': { body: feeSchedule },
      'GET /api/v1/certifications/CPT-100001/activity-cycle': {
        body: {
          ...refused, fit: 'current-cycle', canCount: true, code: 'activity.renewal-underway',
          message: 'Your renewal of the current cycle (January 25, 2025 to January 24, 2027) is already under way and was judged on the CEUs on file when you applied.',
        },
      },
    });
    renderRoute('/certifications/CPT-100001/petitions/new', '/certifications/:number/petitions/new', <NewPetition />);
    fireEvent.change(await screen.findByLabelText('Completed on'), { target: { value: '2026-11-20' } });
    const note = await screen.findByTestId('cycle-fit');
    expect(note.textContent).toContain('already under way');
    expect(note.className).toContain('cycle-note--warn');
    expect((screen.getByRole('button', { name: 'File petition and add fee to cart' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('says which cycle an "other" CEU counts for and keeps the form usable', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/certifications/CPT-100001/activity-cycle': {
        body: { ...refused, fit: 'current-cycle', canCount: true, code: 'activity.current-cycle', message: 'Counts toward your current cycle (January 25, 2025 to January 24, 2027).' },
      },
    });
    renderRoute('/certifications/CPT-100001/ceus/new', '/certifications/:number/ceus/new', <AddCeu />);
    fireEvent.change(await screen.findByLabelText('Completed on'), { target: { value: '2026-11-20' } });
    expect((await screen.findByTestId('cycle-fit')).textContent).toBe('Counts toward your current cycle (January 25, 2025 to January 24, 2027).');
    expect((screen.getByRole('button', { name: 'Add activity' }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('what-if on a lapsed date', () => {
  it('answers "No", not "Not yet", and speaks of acceptance in the past', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/certifications/CPT-100001/eligibility': {
        body: eligibility({
          on: '2028-02-01', window: 'closed', status: 'lapsed',
          unmet: [{ code: 'window.closed', message: 'Applications were accepted until January 23, 2028, end of day Pacific Time: the certification has lapsed.' }],
        }),
      },
    });
    renderRoute('/certifications/CPT-100001/what-if?on=2028-02-01', '/certifications/:number/what-if', <WhatIf />);
    expect((await screen.findByTestId('whatif-answer')).textContent).toBe('No');
    expect(screen.getByText(/late applications were accepted until/)).toBeTruthy();
    expect(screen.getByText('Closed')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Contact the department' }).getAttribute('href')).toBe('/help');
  });
});

describe('dashboard after the completion window closed', () => {
  it('shows the closed window, not a past date as a to-do, and says which card problem it is', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/certifications/CPT-100001': { body: certificationBody },
      'GET /api/v1/certifications/CPT-100001/eligibility': {
        body: eligibility({
          on: '2027-05-01', window: 'late', status: 'expired-in-grace',
          unmet: [
            { code: 'ceu.completion-window-closed', message: 'The time to complete CEUs for this cycle ended on April 24, 2027, end of day Pacific Time, 0.6 CEU short.' },
            { code: 'cpr.expired', message: 'Your CPR card expired on March 1, 2027; add a current one.' },
            { code: 'aed.missing', message: 'Add your adult AED card (expiry date, front and back copies).' },
          ],
        }),
      },
      'GET /api/v1/certifications/CPT-100001/applications': { body: [] },
    });
    renderRoute('/certifications/CPT-100001', '/certifications/:number', <Dashboard />);
    await screen.findByText('CEU completion window closed');
    expect(screen.getByText('Expired')).toBeTruthy();
    expect(screen.getByText('Not on file')).toBeTruthy();
    expect(screen.queryByText(/needed by/)).toBeNull();
  });
});

describe('CPR/AED issuer "Other"', () => {
  it('asks for the issuer’s name and sends it', async () => {
    const sent = stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/certifications/CPT-100001/cpr-aed': { body: [] },
      'GET /api/v1/cpr-aed/issuers': { body: ['American Red Cross', 'other'] },
      'POST /api/v1/certifications/CPT-100001/cpr-aed': { status: 201, body: {} },
    });
    renderRoute('/certifications/CPT-100001/cpr-aed', '/certifications/:number/cpr-aed', <CprAed />);
    const issuer = await screen.findByLabelText('Issuer');
    await waitFor(() => expect((issuer as HTMLSelectElement).disabled).toBe(false));
    expect(screen.queryByLabelText('Issuer’s name')).toBeNull();
    await userEvent.selectOptions(issuer, 'other');
    fireEvent.change(screen.getByLabelText('Issued on'), { target: { value: '2026-01-02' } });
    fireEvent.change(screen.getByLabelText('Expires on'), { target: { value: '2028-01-02' } });
    await userEvent.click(screen.getByRole('button', { name: /save|add/i }));
    expect(document.getElementById('card-issuer-name-error')?.textContent).toMatch(/Enter the name of the organisation that issued your card/);
    expect(sent.some((s) => s.method === 'POST')).toBe(false);
    await userEvent.type(screen.getByLabelText('Issuer’s name'), 'Coastal Lifeguard Guild');
    await userEvent.click(screen.getByRole('button', { name: /save|add/i }));
    await waitFor(() => expect(sent.find((s) => s.method === 'POST')?.body).toMatchObject({ provider: 'other', issuerName: 'Coastal Lifeguard Guild' }));
  });
});
