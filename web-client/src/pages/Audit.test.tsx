import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { application, certificationBody, demoUser, eligibility, renderRoute, stubApi } from '../test/helpers';
import { AuditPage } from './Audit';
import { Dashboard } from './Dashboard';

const appId = '00000000-0000-0000-0000-0000000000a1';

function audit(overrides: Record<string, unknown> = {}) {
  return {
    applicationId: appId, number: 'CPT-100001', state: 'requested', selectedOn: '2026-11-01', dueOn: '2026-12-01', daysLeft: 6,
    items: [
      { id: 'i1', kind: 'activity', subjectId: 's1', description: 'Kettlebell Workshop (0.6 CEU)', documentId: null },
      { id: 'i2', kind: 'card', subjectId: 's2', description: 'CPR/AED card, American Red Cross', documentId: '00000000-0000-0000-0000-0000000000d1' },
    ],
    submittedAt: null, decidedAt: null, reasons: [], ...overrides,
  };
}

function routes(auditBody: unknown, extra: Record<string, unknown> = {}) {
  return {
    'GET /api/v1/me': { body: demoUser },
    'GET /api/v1/certifications/CPT-100001': { body: certificationBody },
    'GET /api/v1/certifications/CPT-100001/eligibility': { body: eligibility({ on: '2026-11-25' }) },
    'GET /api/v1/certifications/CPT-100001/applications': { body: [application({ status: 'audit-requested' })] },
    [`GET /api/v1/applications/${appId}/audit`]: { body: auditBody },
    ...extra,
  };
}

describe('audit page', () => {
  it('counts the days left on the organisation calendar and lists each item to document', async () => {
    stubApi(routes(audit()));
    renderRoute('/certifications/CPT-100001/audit', '/certifications/:number/audit', <AuditPage />);
    expect((await screen.findByTestId('audit-countdown')).textContent).toMatch(/6 days left[\s\S]*December 1, 2026[\s\S]*Pacific Time/);
    const items = screen.getAllByTestId('audit-item');
    expect(items[0]?.textContent).toMatch(/Kettlebell Workshop[\s\S]*Needed/);
    expect(items[1]?.textContent).toMatch(/American Red Cross[\s\S]*Documented/);
    expect(screen.getByText('1 of 2 documented')).toBeTruthy();
  });

  it('lists every undocumented item when the submission is refused', async () => {
    stubApi(routes(audit(), {
      [`POST /api/v1/applications/${appId}/audit/submit`]: {
        status: 422,
        body: { title: 'Attach documentation to every item before submitting.', status: 422, unmet: [{ code: 'audit.document-missing', message: 'Attach documentation for: Kettlebell Workshop (0.6 CEU).' }] },
      },
    }));
    renderRoute('/certifications/CPT-100001/audit', '/certifications/:number/audit', <AuditPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Submit documentation' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Attach documentation for: Kettlebell Workshop (0.6 CEU).');
  });

  it('shows a failed audit with its reasons and no upload', async () => {
    stubApi(routes(audit({ state: 'failed', daysLeft: 0, decidedAt: '2026-11-20T18:00:00Z', reasons: ['The certificate does not name you.'] }), {
      'GET /api/v1/certifications/CPT-100001/applications': { body: [application({ status: 'audit-failed' })] },
    }));
    renderRoute('/certifications/CPT-100001/audit', '/certifications/:number/audit', <AuditPage />);
    expect((await screen.findByTestId('audit-reasons')).textContent).toBe('The certificate does not name you.');
    expect(screen.queryByRole('button', { name: 'Submit documentation' })).toBeNull();
    expect(screen.queryByTestId('audit-countdown')).toBeNull();
  });
});

describe('dashboard audit banner', () => {
  it('appears while an audit waits for documentation, with the countdown', async () => {
    stubApi(routes(audit({ dueOn: '2026-11-25', daysLeft: 0 })));
    renderRoute('/certifications/CPT-100001', '/certifications/:number', <Dashboard />);
    const banner = await screen.findByTestId('audit-banner');
    expect((await screen.findByTestId('audit-countdown')).textContent).toMatch(/Due today/);
    expect(banner.textContent).toContain('selected for a routine audit');
  });
});
