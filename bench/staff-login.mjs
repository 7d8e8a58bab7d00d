// node bench/staff-login.mjs <base url> <email> <password> [database] → prints "recert.session=…" for the bench staff member,
// going through the TOTP step (enrolling on first use, as a fresh bench database always needs).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { totp } from '../web-client/e2e/totp.mjs';

const [base, email, password, database = ''] = process.argv.slice(2);
// Each bench database enrols its own key; a copy of a database (createdb -T) shares its original's.
const account = database ? `${email} on ${database}` : email;
const headers = { 'content-type': 'application/json', 'x-recert-client': 'bench' };
let cookie = '';
async function post(path, body) {
  const response = await fetch(base + path, { method: 'POST', headers: { ...headers, cookie }, body: body === undefined ? undefined : JSON.stringify(body) });
  const set = response.headers.getSetCookie().find((c) => c.startsWith('recert.session='));
  if (set) cookie = set.split(';')[0];
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

// The key shown at enrolment, kept for later sign-ins of the same bench database (bench/results is not committed).
const store = new URL('./results/totp.json', import.meta.url);
const kept = existsSync(store) ? JSON.parse(readFileSync(store, 'utf8')) : {};
async function freshStep(entry) {
  let step = Math.floor(Date.now() / 30_000);
  while (step <= (entry.lastStep ?? 0)) {
    await new Promise((r) => setTimeout(r, 1000));
    step = Math.floor(Date.now() / 30_000);
  }
  entry.lastStep = step;
  writeFileSync(store, JSON.stringify(kept));
  return step;
}

const login = await post('/api/v1/auth/login', { email, password });
if (login.step === 'enrol') {
  const { manualKey } = await post('/api/v1/auth/mfa/enrolment');
  kept[account] = { secret: manualKey };
  await post('/api/v1/auth/mfa/enrolment/confirm', { code: totp(manualKey, await freshStep(kept[account])) });
} else if (login.step === 'verify') {
  if (!kept[account]) throw new Error(`The bench staff member of ${database || 'this database'} was enrolled elsewhere: recreate the bench database.`);
  await post('/api/v1/auth/mfa/verify', { code: totp(kept[account].secret, await freshStep(kept[account])) });
}
console.log(cookie);
