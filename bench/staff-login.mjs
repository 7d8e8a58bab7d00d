// node bench/staff-login.mjs <base url> <email> <password> → prints "recert.session=…" for the bench staff member,
// going through the TOTP step (enrolling on first use, as a fresh bench database always needs).
import { totp } from '../web-client/e2e/totp.mjs';

const [base, email, password] = process.argv.slice(2);
const headers = { 'content-type': 'application/json', 'x-recert-client': 'bench' };
let cookie = '';
async function post(path, body) {
  const response = await fetch(base + path, { method: 'POST', headers: { ...headers, cookie }, body: body === undefined ? undefined : JSON.stringify(body) });
  const set = response.headers.getSetCookie().find((c) => c.startsWith('recert.session='));
  if (set) cookie = set.split(';')[0];
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

const login = await post('/api/v1/auth/login', { email, password });
if (login.step === 'enrol') {
  const { manualKey } = await post('/api/v1/auth/mfa/enrolment');
  await post('/api/v1/auth/mfa/enrolment/confirm', { code: totp(manualKey) });
} else if (login.step === 'verify') {
  throw new Error('The bench staff member is already enrolled: recreate the bench database or reset their MFA.');
}
console.log(cookie);
