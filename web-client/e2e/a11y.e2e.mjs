// Accessibility evidence (issue 12): axe-core on every main screen of the certificant and of staff, on a desktop and
// a phone viewport, failing on any serious or critical violation of the WCAG 2.2 A/AA rules. Standalone: it creates
// its own certification and user through the API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { launch, newPage, pacificDate, signIn } from './browser.mjs';
import { registerVerified } from './fixtures.mjs';
import { emailedLink } from './mail.mjs';

const staff = { email: 'staff@recert.local', password: 'back-office-keys-2026' };
const number = `A11Y-${Date.now().toString(36).toUpperCase()}`;
const holder = { email: `${number.toLowerCase()}@a11y.example.org`, password: 'a11y-password-2026' };
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const viewports = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const base = `/certifications/${number}`;
const certificantScreens = [
  base, `${base}/transcript`, `${base}/ceus/new`, `${base}/cpr-aed`, `${base}/what-if`, `${base}/renew`,
  `${base}/petitions`, `${base}/petitions/new`, `${base}/cart`, `${base}/receipts`, `${base}/audit`, '/help', '/providers',
  '/account', '/claim', '/notifications', '/verify',
];
const staffScreens = [
  '/staff', '/staff/queues', '/staff/petitions', '/staff/audits', '/staff/applications', '/staff/register', '/staff/fees',
  '/staff/settings', '/staff/providers', `/staff/certifications/${number}`, `/staff/certifications/${number}/history`,
  '/staff/refunds', '/staff/claims', '/staff/staff-members',
];
const portalUser = { email: `office.${number.toLowerCase()}@a11y-provider.example.org`, password: 'a11y-portal-password-2026' };
const portalScreens = ['/provider', '/provider/upload', '/provider/completions', '/provider/keys', '/provider/webhooks', '/provider/learners'];
let providerId;
let browser;

async function audit(page, path) {
  await page.goto(path);
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
  for (const v of results.violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical')) {
    console.log(`# axe (${v.impact}, not failing) ${path}: ${v.id} — ${v.help}`);
  }
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${path}: ${v.id} (${v.impact}) — ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

before(async () => {
  browser = await launch();
  const office = await newPage(browser);
  await signIn(office, staff.email, staff.password);
  await office.waitForURL('**/staff');
  const registered = await office.request.post('/api/v1/certifications', {
    data: { number, credential: 'CPT', firstName: 'Alex', lastName: 'Access', email: holder.email, cycleStart: pacificDate(-300), expiresOn: pacificDate(430) },
  });
  assert.equal(registered.status(), 201, await registered.text());
  const provider = await office.request.post('/api/v1/staff/providers', {
    data: { name: `A11y Academy ${number}`, contactName: 'Ada Lane', contactEmail: portalUser.email, approvedFrom: pacificDate(-400), approvedUntil: pacificDate(400) },
  });
  assert.equal(provider.status(), 201, await provider.text());
  providerId = (await provider.json()).id;
  const invited = await office.request.post(`/api/v1/staff/providers/${providerId}/users`, { data: { email: portalUser.email, firstName: 'Ada', lastName: 'Lane' } });
  assert.equal(invited.status(), 201, await invited.text());
  await office.context().close();
  const token = new URL(await emailedLink(portalUser.email, 'provider portal', '/accept-invitation?token=')).searchParams.get('token');
  const portal = await newPage(browser);
  const accepted = await portal.request.post('/api/v1/auth/accept-invitation', { data: { token, password: portalUser.password }, headers: { 'X-Recert-Client': 'e2e' } });
  assert.equal(accepted.status(), 200, await accepted.text());
  await portal.context().close();
  const page = await newPage(browser);
  await registerVerified(page.request, { email: holder.email, password: holder.password, firstName: 'Alex', lastName: 'Access' });
  await page.context().close();
});
after(async () => {
  await browser?.close();
});

for (const [name, viewport] of Object.entries(viewports)) {
  describe(`axe, WCAG 2.2 A/AA, ${name}`, () => {
    test('signed out: sign in, sign up, forgot password, help', async () => {
      const page = await newPage(browser, viewport);
      const problems = [];
      for (const path of ['/sign-in', '/sign-up', '/forgot-password', '/help']) problems.push(...(await audit(page, path)));
      await page.context().close();
      assert.deepEqual(problems, []);
    });

    test('every main screen of the certificant', async () => {
      const page = await newPage(browser, viewport);
      await signIn(page, holder.email, holder.password);
      await page.waitForURL(`**${base}`);
      const problems = [];
      for (const path of certificantScreens) problems.push(...(await audit(page, path)));
      await page.context().close();
      assert.deepEqual(problems, []);
    });

    test('every main screen of staff', async () => {
      const page = await newPage(browser, viewport);
      await signIn(page, staff.email, staff.password);
      await page.waitForURL('**/staff');
      const problems = [];
      for (const path of [...staffScreens, `/staff/providers/${providerId}`]) problems.push(...(await audit(page, path)));
      await page.context().close();
      assert.deepEqual(problems, []);
    });

    test('every screen of the provider portal', async () => {
      const page = await newPage(browser, viewport);
      await signIn(page, portalUser.email, portalUser.password);
      await page.waitForURL('**/provider');
      const problems = [];
      for (const path of portalScreens) problems.push(...(await audit(page, path)));
      await page.context().close();
      assert.deepEqual(problems, []);
    });
  });
}
