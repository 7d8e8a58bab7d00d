// Certificants for cluster.sh: each signs in on one API instance and continues on the others (round robin over the
// instances' own addresses, not through nginx), making themselves eligible and submitting a renewal.
// node cluster-certificants.mjs <instance urls, comma-separated> <nginx url> <staff cookie> <count> <database> <out json>
// The out file lists {number, cookie, steps: [[instance, path, status]...]} per certificant for the checkout load.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [instancesText, nginx, staffCookie, countText, database, out] = process.argv.slice(2);
const instances = instancesText.split(',');
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
const tag = Date.now().toString(36).toUpperCase();

function emailedToken(to, kind) {
  const body = execFileSync('psql', ['-h', '127.0.0.1', '-U', 'recert', '-d', database, '-X', '-tA', '-c',
    `select body from email_outbox where lower(to_address) = lower('${to}') and kind = '${kind}' order by seq desc limit 1`],
  { env: { ...process.env, PGPASSWORD: 'recert' } }).toString();
  return /[?&]token=([A-Za-z0-9_-]+)/.exec(body)[1];
}

async function call(base, state, method, path, body, isForm = false) {
  const headers = { 'x-recert-client': 'drill', cookie: state.cookie ?? '' };
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  const response = await fetch(base + path, { method, headers, body: body === undefined ? undefined : isForm ? body : JSON.stringify(body) });
  const set = response.headers.getSetCookie().find((c) => c.startsWith('recert.session='));
  if (set) state.cookie = set.split(';')[0];
  const text = await response.text();
  state.steps.push([instances.indexOf(base), path, response.status]);
  if (!response.ok) throw new Error(`${method} ${base}${path}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

async function upload(base, state) {
  const form = new FormData();
  form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'card.pdf');
  return (await call(base, state, 'POST', '/api/v1/documents', form, true)).id;
}

const staff = { cookie: staffCookie, steps: [] };
const results = [];
for (let i = 1; i <= Number(countText); i++) {
  const number = `CL-${tag}-${i}`;
  const email = `cluster-${tag.toLowerCase()}-${i}@example.test`;
  const password = 'a-long-drill-password-1';
  await call(nginx, staff, 'POST', '/api/v1/certifications', {
    number, credential: 'CPT', firstName: 'Drill', lastName: 'Cluster', email, cycleStart: '2025-01-01', expiresOn: '2026-12-31',
  });
  const me = { steps: [] };
  // Round robin: instance i % 3 first, then the next ones, each step on a different instance than the one before.
  const at = (k) => instances[(i + k) % instances.length];
  await call(at(0), me, 'POST', '/api/v1/auth/register', { email, password, firstName: 'Drill', lastName: 'Cluster' });
  await call(at(1), me, 'POST', '/api/v1/auth/verify-email', { token: emailedToken(email, 'verify-email') });
  await call(at(2), me, 'POST', '/api/v1/auth/login', { email, password });
  await call(at(3), me, 'GET', '/api/v1/me');
  await call(at(4), me, 'POST', `/api/v1/certifications/${number}/ceus`, {
    title: 'Drill workshop', area: 'exercise-technique', ceus: 2.0, completedOn: '2026-01-15', documentId: await upload(at(4), me),
  });
  const front = await upload(at(5), me);
  const back = await upload(at(6), me);
  await call(at(7), me, 'POST', `/api/v1/certifications/${number}/cpr-aed`, {
    kind: 'cpr-aed', provider: 'American Red Cross', issuedOn: '2026-01-02', expiresOn: '2028-01-02', handsOn: true, frontDocumentId: front, backDocumentId: back,
  });
  await call(at(8), me, 'POST', `/api/v1/certifications/${number}/applications`, { plan: 'renew' });
  await call(at(9), me, 'GET', '/api/v1/me/cart');
  results.push({ number, cookie: me.cookie, instancesUsed: [...new Set(me.steps.map((s) => s[0]))].length, steps: me.steps.length });
}
writeFileSync(out, JSON.stringify(results));
console.log(JSON.stringify({ certificants: results.length, stepsEach: results[0]?.steps, everyOneUsedAllInstances: results.every((r) => r.instancesUsed === instances.length) }));
