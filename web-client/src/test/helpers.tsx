import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { vi } from 'vitest';
import { AuthProvider } from '../auth/AuthContext';

export interface Sent {
  method: string;
  path: string;
  body: unknown;
}

type Reply = { status?: number; body?: unknown } | ((sent: Sent) => { status?: number; body?: unknown });

/** Stubs fetch with answers keyed by "METHOD /path" (query ignored); records what was sent. */
export function stubApi(routes: Record<string, Reply>) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (input: Request | string, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(input, 'http://localhost'), init);
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const entry: Sent = { method: request.method, path: url.pathname + url.search, body: text ? JSON.parse(text) : undefined };
    sent.push(entry);
    const reply = routes[`${request.method} ${url.pathname}`];
    if (!reply) return new Response(JSON.stringify({ title: 'Not found.', status: 404 }), { status: 404, headers: { 'content-type': 'application/problem+json' } });
    const { status = 200, body } = typeof reply === 'function' ? reply(entry) : reply;
    const contentType = status >= 400 ? 'application/problem+json' : 'application/json';
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': contentType } });
  });
  vi.stubGlobal('fetch', fetch);
  return sent;
}

export function renderRoute(path: string, pattern: string, element: ReactElement) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider>
        <Routes>
          <Route path={pattern} element={element} />
          <Route path="*" element={<p>elsewhere</p>} />
        </Routes>
      </AuthProvider>
    </MemoryRouter>,
  );
}

export const demoUser = {
  id: '00000000-0000-0000-0000-000000000001',
  email: 'demo@recert.local',
  emailVerified: true,
  firstName: 'Dana',
  lastName: 'Rivera',
  role: 'certificant',
  certificationNumbers: ['CPT-100001'],
};

const quote = (items: [string, number][]) => ({
  items: items.map(([code, amountCents]) => ({ code, amountCents })),
  totalCents: items.reduce((sum, [, cents]) => sum + cents, 0),
  currency: 'USD',
});

export function eligibility(overrides: Record<string, unknown> = {}) {
  return {
    number: 'CPT-100001',
    on: '2026-11-25',
    timeZone: 'America/Los_Angeles',
    timeZoneLabel: 'Pacific Time',
    eligible: false,
    window: 'on-time',
    status: 'active',
    expiresOn: '2027-01-24',
    lastCompletionDate: '2027-04-24',
    lastReceiptDate: '2028-01-23',
    ceus: { counted: 1.4, required: 2, missing: 0.6, byArea: { 'exercise-technique': 0.9, nutrition: 0.5 } },
    cprCurrent: false,
    aedCurrent: false,
    unmet: [
      { code: 'ceu.short', message: '0.6 CEU more needed by 2027-04-24.' },
      { code: 'cpr.missing', message: 'Add your adult CPR card (expiry date, front and back copies).' },
    ],
    fees: { renew: quote([['renewal', 9900]]), forLife: quote([['for-life', 29900]]) },
    ...overrides,
  };
}

export const certificationBody = {
  number: 'CPT-100001',
  credential: 'CPT',
  holder: { firstName: 'Dana', lastName: 'Rivera', email: 'demo@recert.local' },
  cycleStart: '2025-01-25',
  expiresOn: '2027-01-24',
  status: 'active',
  forLife: false,
  lastCompletionDate: '2027-04-24',
  lastReceiptDate: '2028-01-23',
  timeZone: 'America/Los_Angeles',
  timeZoneLabel: 'Pacific Time',
};

export function application(overrides: Record<string, unknown> = {}) {
  return {
    id: '00000000-0000-0000-0000-0000000000a1',
    number: 'CPT-100001',
    plan: 'renew',
    status: 'submitted',
    window: 'on-time',
    receivedOn: '2026-11-25',
    cycleStart: '2025-01-25',
    expiresOn: '2027-01-24',
    fees: quote([['renewal', 9900]]),
    createdAt: '2026-11-25T18:00:00Z',
    updatedAt: '2026-11-25T18:00:00Z',
    ...overrides,
  };
}
