// Accessibility evidence (issue 12): axe-core on every main screen of the certificant and of staff, on a desktop and
// a phone viewport, failing on any serious or critical violation of the WCAG 2.2 A/AA rules. Standalone: it creates
// its own certification and user through the API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { launch, newPage, pacificDate, signIn } from './browser.mjs';
import { registerVerified } from './fixtures.mjs';

const staff = { email: 'staff@recert.local', password: 'back-office-keys-2026' };
const number = `A11Y-${Date.now().toString(36).toUpperCase()}`;
const holder = { email: `${number.toLowerCase()}@a11y.example.org`, password: 'a11y-password-2026' };
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const viewports = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const base = `/certifications/${number}`;
const certificantScreens = [
  base, `${base}/transcript`, `${base}/ceus/new`, `${base}/cpr-aed`, `${base}/what-if`, `${base}/renew`,
  `${base}/petitions`, `${base}/petitions/new`, `${base}/cart`, `${base}/receipts`, '/help', '/providers',
];
const staffScreens = [
  '/staff', '/staff/queues', '/staff/petitions', '/staff/audits', '/staff/applications', '/staff/register', '/staff/fees',
  '/staff/settings', '/staff/providers', `/staff/certifications/${number}`, `/staff/certifications/${number}/history`,
];
let browser;

async function audit(page, path) {
  await page.goto(path);
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
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
  await office.context().close();
  const page = await newPage(browser);
  await registerVerified(page.request, { email: holder.email, password: holder.password, firstName: 'Alex', lastName: 'Access' });
  await page.context().close();
});
after(async () => {
  await browser?.close();
});

for (const [name, viewport] of Object.entries(viewports)) {
  describe(`axe, WCAG 2.2 A/AA, ${name}`, () => {
    test('signed out: sign in, sign up, help', async () => {
      const page = await newPage(browser, viewport);
      const problems = [];
      for (const path of ['/sign-in', '/sign-up', '/help']) problems.push(...(await audit(page, path)));
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
      for (const path of staffScreens) problems.push(...(await audit(page, path)));
      await page.context().close();
      assert.deepEqual(problems, []);
    });
  });
}
