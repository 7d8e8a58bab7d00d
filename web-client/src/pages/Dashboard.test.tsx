import { render, screen, within } from '@testing-library/react';
import { MemoryRouter, Navigate, Route, Routes } from 'react-router';
import { AuthProvider, useAuth } from '../auth/AuthContext';
import { describe, expect, it } from 'vitest';
import { application, certificationBody, demoUser, eligibility, renderRoute, stubApi } from '../test/helpers';
import { Dashboard } from './Dashboard';

const path = '/certifications/CPT-100001';
const pattern = '/certifications/:number';

describe('dashboard', () => {
  it('shows status, days to expiry, CEU progress and each unmet rule with what to do', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/certifications/CPT-100001': { body: certificationBody },
      'GET /api/v1/certifications/CPT-100001/eligibility': { body: eligibility() },
      'GET /api/v1/certifications/CPT-100001/applications': { body: [] },
    });
    renderRoute(path, pattern, <Dashboard />);

    expect(await screen.findByRole('heading', { name: 'Before you can renew' })).toBeTruthy();
    expect(screen.getByTestId('days-to-expiry').textContent).toMatch(/^60/);
    expect(screen.getByRole('img', { name: '1.4 of 2.0 CEUs counted' })).toBeTruthy();
    expect(screen.getByText('0.6 CEU still needed.')).toBeTruthy();

    const items = screen.getAllByRole('listitem').filter((li) => li.classList.contains('unmet__item'));
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByText('0.6 CEU more needed by 2027-04-24.')).toBeTruthy();
    expect(within(items[0]!).getByRole('link', { name: 'Add CEUs' }).getAttribute('href')).toBe('/certifications/CPT-100001/ceus/new');
    expect(within(items[1]!).getByRole('link', { name: 'Add CPR/AED card' }).getAttribute('href')).toBe('/certifications/CPT-100001/cpr-aed');
    expect(screen.queryByRole('link', { name: 'Renew now' })).toBeNull();
  });

  it('states the time zone next to every deadline', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/certifications/CPT-100001': { body: certificationBody },
      'GET /api/v1/certifications/CPT-100001/eligibility': { body: eligibility() },
      'GET /api/v1/certifications/CPT-100001/applications': { body: [] },
    });
    const { container } = renderRoute(path, pattern, <Dashboard />);
    await screen.findByRole('heading', { name: 'Before you can renew' });
    const deadlines = container.querySelectorAll('.deadline');
    expect(deadlines.length).toBeGreaterThanOrEqual(3);
    for (const deadline of deadlines) expect(deadline.textContent).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4}, end of day Pacific Time$/);
    expect(screen.getByTestId('cycle-dates').textContent).toContain('Activities completed from January 25, 2025 count.');
  });

  it('offers renewal when eligible and shows an open application', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/certifications/CPT-100001': { body: certificationBody },
      'GET /api/v1/certifications/CPT-100001/eligibility': { body: eligibility({ eligible: true, unmet: [], cprCurrent: true, aedCurrent: true }) },
      'GET /api/v1/certifications/CPT-100001/applications': { body: [application()] },
    });
    renderRoute(path, pattern, <Dashboard />);
    expect(await screen.findByRole('heading', { name: 'You can renew' })).toBeTruthy();
    expect(screen.getByText('✓ Every requirement is met on this date.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'View your application' })).toBeTruthy();
    expect(screen.getByText('Submitted — awaiting payment')).toBeTruthy();
  });

  it('says "not found" for another user’s certification, without a retry that cannot help', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/certifications/CPT-100001': { status: 404, body: { title: 'Not found.', status: 404, detail: 'Certification CPT-100001 was not found.' } },
      'GET /api/v1/certifications/CPT-100001/eligibility': { body: eligibility() },
      'GET /api/v1/certifications/CPT-100001/applications': { body: [] },
    });
    renderRoute(path, pattern, <Dashboard />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^Not found[\s\S]*Certification CPT-100001 was not found\./);
    expect(within(alert).queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('shows a load error with a way to try again', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/certifications/CPT-100001': { status: 503, body: { title: 'Unavailable.', status: 503, detail: 'The service is busy; try again shortly.' } },
      'GET /api/v1/certifications/CPT-100001/eligibility': { body: eligibility() },
      'GET /api/v1/certifications/CPT-100001/applications': { body: [] },
    });
    renderRoute(path, pattern, <Dashboard />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The service is busy; try again shortly.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

describe('an expired session', () => {
  it('sends the user back to sign in', async () => {
    let signedIn = true;
    stubApi({
      'GET /api/v1/me': () => (signedIn ? { body: demoUser } : { status: 401 }),
      'GET /api/v1/certifications/CPT-100001': () => {
        signedIn = false;
        return { status: 401, body: { title: 'Unauthorized', status: 401 } };
      },
      'GET /api/v1/certifications/CPT-100001/eligibility': { status: 401 },
      'GET /api/v1/certifications/CPT-100001/applications': { status: 401 },
    });
    const { findByText } = renderGuarded();
    expect(await findByText('sign-in page')).toBeTruthy();
  });
});

function renderGuarded() {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider>
        <Routes>
          <Route path={pattern} element={<Guard />} />
          <Route path="/sign-in" element={<p>sign-in page</p>} />
        </Routes>
      </AuthProvider>
    </MemoryRouter>,
  );
}

function Guard() {
  const { user } = useAuth();
  if (user === null) return <Navigate to="/sign-in" />;
  return user ? <Dashboard /> : null;
}
