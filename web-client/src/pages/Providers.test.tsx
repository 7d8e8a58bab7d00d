import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoUser, renderRoute, stubApi } from '../test/helpers';
import { ApprovedProviders } from './Providers';

const acme = { id: 'p1', name: 'Acme Fitness Academy', approvedFrom: '2026-01-01', approvedUntil: '2027-12-31', courseCount: 2 };
const courses = [
  { id: 'c1', code: 'KB-101', title: 'Kettlebell Fundamentals', ceus: 0.8, area: 'exercise-technique', approvedFrom: '2026-01-01', approvedUntil: '2027-12-31', activityId: null },
  { id: 'c2', code: 'NUT-210', title: 'Sports Nutrition Basics', ceus: 0.6, area: 'nutrition', approvedFrom: '2026-01-01', approvedUntil: '2027-06-30', activityId: null },
];

afterEach(() => vi.unstubAllGlobals());

describe('approved providers', () => {
  it('searches, then shows a provider’s courses with CEUs and areas', async () => {
    const sent = stubApi({
      'GET /api/v1/me': { status: 401, body: { title: 'Please sign in.' } },
      'GET /api/v1/providers': { body: { items: [acme], page: 1, pageSize: 20, total: 1 } },
      'GET /api/v1/providers/p1/courses': { body: courses },
    });
    renderRoute('/providers', '/providers', <ApprovedProviders />);
    await screen.findByRole('heading', { name: 'Acme Fitness Academy' });
    await userEvent.type(screen.getByLabelText('Search by provider, course title or code'), 'kettle');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await vi.waitFor(() => expect(sent.some((s) => s.path === '/api/v1/providers?search=kettle&page=1&pageSize=20')).toBe(true));

    await userEvent.click(await screen.findByRole('button', { name: 'Show courses' }));
    const list = await screen.findByRole('list', { name: 'Approved courses' });
    const items = within(list).getAllByRole('listitem');
    expect(items[0]?.textContent).toMatch(/KB-101.*Kettlebell Fundamentals.*Exercise technique.*0\.8 CEU/);
    expect(items[1]?.textContent).toMatch(/NUT-210.*Nutrition.*0\.6 CEU/);
    expect(items[0]?.className).toBe('course--match');
    // Signed out: the hint is there, without links into a transcript.
    expect(screen.getByText(/appears in/).textContent).toMatch(/automatically/);
    expect(screen.queryByRole('link', { name: 'CE transcript' })).toBeNull();
  });

  it('links a certificant to their transcript and says when nothing matches', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/providers': { body: { items: [], page: 1, pageSize: 20, total: 0 } },
    });
    renderRoute('/providers?search=yoga', '/providers', <ApprovedProviders />);
    expect(await screen.findByText('No approved provider or course matches “yoga”.')).toBeTruthy();
    expect((await screen.findByRole('link', { name: 'CE transcript' })).getAttribute('href')).toBe('/certifications/CPT-100001/transcript');
  });
});
