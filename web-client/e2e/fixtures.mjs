// Data an e2e file makes for itself through the API, so that every file runs alone and in any order on a fresh
// database (the demo data is only the API's own seed: files must not change it for one another).
import { request } from 'playwright-core';
import assert from 'node:assert/strict';
import { baseUrl, pacificDate } from './browser.mjs';

export const staff = { email: 'staff@recert.local', password: 'staff-password-2026' };

/** An API client (cookies kept) signed in as `who`, against `url`. `dispose()` when done. */
export async function signedInApi(who = staff, url = baseUrl) {
  const api = await request.newContext({ baseURL: url });
  const response = await api.post('/api/v1/auth/login', { data: { email: who.email, password: who.password } });
  assert.equal(response.status(), 200, `sign-in of ${who.email}: ${await response.text()}`);
  return api;
}

/**
 * Staff registers a certification and the certificant creates the account that claims it (the same email links
 * them). Defaults: a cycle that began 100 days ago and ends in 630 days. Returns the certificant as passed in.
 */
export async function createCertificant(certificant, url = baseUrl) {
  const person = { credential: 'CPT', cycleStart: pacificDate(-100), expiresOn: pacificDate(630), ...certificant };
  const office = await signedInApi(staff, url);
  try {
    const registered = await office.post('/api/v1/certifications', {
      data: {
        number: person.number, credential: person.credential, firstName: person.firstName, lastName: person.lastName,
        email: person.email, cycleStart: person.cycleStart, expiresOn: person.expiresOn,
      },
    });
    assert.equal(registered.status(), 201, `registering ${person.number}: ${await registered.text()}`);
  } finally {
    await office.dispose();
  }
  const own = await request.newContext({ baseURL: url });
  try {
    const account = await own.post('/api/v1/auth/register', {
      data: { email: person.email, password: person.password, firstName: person.firstName, lastName: person.lastName },
    });
    assert.equal(account.status(), 201, `account for ${person.email}: ${await account.text()}`);
    assert.deepEqual((await account.json()).certificationNumbers, [person.number], 'the account claims the certification');
  } finally {
    await own.dispose();
  }
  return person;
}
