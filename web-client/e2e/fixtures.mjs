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
    const account = await own.post('/api/v1/auth/register', {
      data: { email: person.email, password: person.password, firstName: person.firstName, lastName: person.lastName },
    });
    assert.equal(account.status(), 202, `account for ${person.email}: ${await account.text()}`);
    // The certification joins the account once its email is verified: follow the emailed link (issue 9).
    const link = new URL(await emailedLink(person.email, 'Confirm your email address', '/verify-email?token='));
    const verified = await own.post('/api/v1/auth/verify-email', { data: { token: link.searchParams.get('token') } });
    assert.equal(verified.status(), 200, `verifying ${person.email}: ${await verified.text()}`);
    const signedIn = await own.post('/api/v1/auth/login', { data: { email: person.email, password: person.password } });
    assert.equal(signedIn.status(), 200, `sign-in of ${person.email}: ${await signedIn.text()}`);
    assert.deepEqual((await signedIn.json()).certificationNumbers, [person.number], 'the verified account holds the certification');
  } finally {
    await own.dispose();
  }
  return person;
}
