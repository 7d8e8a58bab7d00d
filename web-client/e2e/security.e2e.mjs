import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, launch, newPage, signIn } from './browser.mjs';

// The Content-Security-Policy is strict (no inline script or style, same origin only): the SPA and Swagger UI must
// work under it in a real browser, with no violation reported.
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function pageWatchingViolations() {
  const page = await newPage(browser);
  const violations = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return { page, violations };
}

test('the SPA signs in and shows the dashboard under its policy', async () => {
  const { page, violations } = await pageWatchingViolations();
  const response = await page.goto('/');
  const csp = response.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(response.headers()['server'], undefined, 'no Server header');
  await signIn(page, 'demo@recert.local', 'demo-password-2026');
  await page.getByText('CPT-100001').first().waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(violations, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Swagger UI renders the API under its own policy', async () => {
  const { page, violations } = await pageWatchingViolations();
  await page.goto('/swagger/index.html');
  await page.locator('.opblock-tag', { hasText: 'Accounts' }).first().waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(violations, []);
  await page.context().close();
});

test('production builds serve no source maps', async () => {
  const html = await (await fetch(new URL('/', baseUrl))).text();
  const script = html.match(/<script[^>]+src="([^"]+\.js)"/)[1];
  const js = await (await fetch(new URL(script, baseUrl))).text();
  assert.doesNotMatch(js, /sourceMappingURL/);
  const map = await fetch(new URL(`${script}.map`, baseUrl));
  assert.equal(map.status, 404);
});
