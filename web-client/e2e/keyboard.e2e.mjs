// Issue 12: a keyboard-only walk. Signs in, adds a CEU (with its certificate) and checks out the renewal using only
// Tab, typing and Enter — no mouse, no clicks. Standalone: it creates its own certification, account and CPR/AED card
// through the API; the walk itself is keyboard only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, pacificDate, pdf, signIn } from './browser.mjs';
import { registerVerified } from './fixtures.mjs';

const number = `KEY-${Date.now().toString(36).toUpperCase()}`;
const holder = { email: `${number.toLowerCase()}@keyboard.example.org`, password: 'keyboard-password-2026' };
let browser;

/** Presses Tab until the focused element satisfies `matches` (by id, text or accessible label); fails after 120 steps. */
async function tabTo(page, description, matches) {
  for (let step = 0; step < 120; step++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const labels = 'labels' in el && el.labels ? Array.from(el.labels).map((l) => l.textContent.trim()).join(' ') : '';
      return { tag: el.tagName.toLowerCase(), id: el.id, text: (el.textContent ?? '').trim(), label: labels || el.getAttribute('aria-label') || '' };
    });
    if (focused && matches(focused)) return;
  }
  assert.fail(`Tab never reached ${description}`);
}

async function upload(page, name) {
  const file = pdf(name);
  const response = await page.request.post('/api/v1/documents', { multipart: { file: { name: file.name, mimeType: file.mimeType, buffer: file.buffer } } });
  assert.equal(response.status(), 201, await response.text());
  return (await response.json()).id;
}

before(async () => {
  browser = await launch();
  const office = await newPage(browser);
  await signIn(office, 'staff@recert.local', 'back-office-keys-2026');
  await office.waitForURL('**/staff');
  const registered = await office.request.post('/api/v1/certifications', {
    data: { number, credential: 'CPT', firstName: 'Kay', lastName: 'Board', email: holder.email, cycleStart: pacificDate(-300), expiresOn: pacificDate(430) },
  });
  assert.equal(registered.status(), 201, await registered.text());
  await office.context().close();

  // Set-up through the API: the account and a current CPR/AED card, so that only the CEUs are missing.
  const setup = await newPage(browser);
  await registerVerified(setup.request, { email: holder.email, password: holder.password, firstName: 'Kay', lastName: 'Board' });
  const card = await setup.request.post(`/api/v1/certifications/${number}/cpr-aed`, {
    data: { kind: 'cpr-aed', provider: 'American Red Cross', issuedOn: pacificDate(-30), expiresOn: pacificDate(700), handsOn: true,
      frontDocumentId: await upload(setup, 'front.pdf'), backDocumentId: await upload(setup, 'back.pdf') },
  });
  assert.equal(card.status(), 201, await card.text());
  await setup.context().close();
});
after(async () => {
  await browser?.close();
});

test('sign in, add a CEU and check out with the keyboard only', async () => {
  const page = await newPage(browser);
  // Playwright turns file-chooser interception on without waiting when a listener is added: listening from the start
  // makes sure it is on before Enter opens the chooser (otherwise headless Chromium opens a native dialog, no event).
  page.on('filechooser', () => {});
  await page.goto('/sign-in');
  await page.getByRole('heading', { name: /Sign in/ }).first().waitFor();

  await tabTo(page, 'the email field', (f) => f.id === 'email');
  await page.keyboard.type(holder.email);
  await tabTo(page, 'the password field', (f) => f.id === 'password');
  await page.keyboard.type(holder.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/certifications/${number}`);
  await page.getByRole('heading', { name: 'Before you can renew' }).waitFor();

  await tabTo(page, 'the "Add CEUs" action', (f) => f.tag === 'a' && f.text === 'Add CEUs');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Add CEUs' }).waitFor();
  await tabTo(page, 'the title field', (f) => f.id === 'ceu-title');
  await page.keyboard.type('Keyboard-only kettlebell workshop');
  await tabTo(page, 'the area', (f) => f.id === 'ceu-area');
  await page.keyboard.type('Nutrition');
  await tabTo(page, 'the amount', (f) => f.id === 'ceu-amount');
  await page.keyboard.type('2.0');
  await tabTo(page, 'the completion date', (f) => f.id === 'ceu-completed');
  const [year, month, day] = pacificDate(-7).split('-');
  await page.keyboard.type(`${month}${day}${year}`);
  await page.locator('[data-testid="cycle-fit"][data-fit="current-cycle"]').waitFor();
  await tabTo(page, 'the file chooser', (f) => f.tag === 'button' && /choose a file/i.test(f.text));
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(pdf('keyboard-certificate.pdf'));
  await page.getByText('keyboard-certificate.pdf uploaded').first().waitFor();
  await tabTo(page, 'the submit button', (f) => f.tag === 'button' && f.text === 'Add activity');
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/certifications/${number}/transcript`);

  await page.goto(`/certifications/${number}/renew`); // typing an address is keyboard use too
  await page.getByRole('heading', { name: 'Renew your certification' }).waitFor();
  await tabTo(page, 'the submit button', (f) => f.tag === 'button' && f.text === 'Submit Renew application');
  await page.keyboard.press('Enter');
  await page.getByText('Application submitted.').waitFor();
  await tabTo(page, 'the cart link', (f) => f.tag === 'a' && f.text === 'Continue to the cart');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Cart and checkout' }).waitFor();
  await tabTo(page, 'the card token', (f) => f.id === 'pay-token');
  await page.keyboard.type('tok_visa');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Thank you — payment received' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
