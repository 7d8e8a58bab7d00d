// Data an e2e file makes for itself through the API, so that every file runs alone and in any order on a fresh
// database (the demo data is only the API's own seed: files must not change it for one another).
import { request } from 'playwright-core';
import assert from 'node:assert/strict';
import { baseUrl, freshCode, pacificDate, totpSecrets } from './browser.mjs';
import { emailedLink } from './mail.mjs';

export const staff = { email: 'staff@recert.local', password: 'back-office-keys-2026' };

/** An API client (cookies kept) signed in as `who`, against `url`. `dispose()` when done. */
export async function signedInApi(who = staff, url = baseUrl) {
  const api = await request.newContext({ baseURL: url, extraHTTPHeaders: { 'x-recert-client': 'e2e' } });
  const response = await api.post('/api/v1/auth/login', { data: { email: who.email, password: who.password } });
  if (response.status() === 202) {
    await secondStep(api, who.email, url, (await response.json()).step);
    return api;
  }
  assert.equal(response.status(), 200, `sign-in of ${who.email}: ${await response.text()}`);
  return api;
}

/**
 * A certificant's account as a person makes it: register, open the verification link emailed to the inbox, sign in.
 * `api` is any request context (a page's `page.request` keeps the session for the page). Returns the signed-in user.
 */
export async function registerVerified(api, { email, password, firstName, lastName }) {
  const account = await api.post('/api/v1/auth/register', { data: { email, password, firstName, lastName } });
  assert.equal(account.status(), 202, `account for ${email}: ${await account.text()}`);
  const link = new URL(await emailedLink(email, 'Confirm your email address', '/verify-email?token='));
  const verified = await api.post('/api/v1/auth/verify-email', { data: { token: link.searchParams.get('token') } });
  assert.equal(verified.status(), 200, `verifying ${email}: ${await verified.text()}`);
  const signedIn = await api.post('/api/v1/auth/login', { data: { email, password } });
  assert.equal(signedIn.status(), 200, `sign-in of ${email}: ${await signedIn.text()}`);
  return signedIn.json();
}

/** Staff's TOTP step through the API, sharing the secrets the browser sign-ins enrol (see browser.mjs). */
async function secondStep(api, email, url, step) {
  const secrets = totpSecrets();
  const key = `${url} ${email}`;
  if (step === 'enrol') {
    const enrolment = await api.post('/api/v1/auth/mfa/enrolment');
    assert.equal(enrolment.status(), 200, `MFA enrolment of ${email}: ${await enrolment.text()}`);
    secrets.store[key] = { secret: (await enrolment.json()).manualKey.replace(/\s+/g, ''), lastStep: 0 };
    const confirmed = await api.post('/api/v1/auth/mfa/enrolment/confirm', { data: { code: await freshCode(secrets.store[key]) } });
    assert.equal(confirmed.status(), 200, `MFA confirmation of ${email}: ${await confirmed.text()}`);
  } else {
    assert.ok(secrets.store[key], `No TOTP secret kept for ${email}: it was enrolled outside this run.`);
    const verified = await api.post('/api/v1/auth/mfa/verify', { data: { code: await freshCode(secrets.store[key]) } });
    assert.equal(verified.status(), 200, `MFA code of ${email}: ${await verified.text()}`);
  }
  secrets.save();
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
  const own = await request.newContext({ baseURL: url, extraHTTPHeaders: { 'x-recert-client': 'e2e' } });
  try {
    const user = await registerVerified(own, person);
    assert.deepEqual(user.certificationNumbers, [person.number], 'the verified account holds the certification');
  } finally {
    await own.dispose();
  }
  return person;
}
