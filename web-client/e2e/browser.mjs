// Debian's Chromium driven by playwright-core (no browser is ever downloaded).
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { root } from './harness.mjs';
import { totp } from './totp.mjs';

export const baseUrl = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:5080';
// An e2e run leaves tracked files alone: screenshots go to .data/screenshots/ unless UPDATE_SCREENSHOTS=1 asks for
// the documentation's copies in docs/screenshots/ to be refreshed.
export const screenshots = resolve(root, process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : '.data/screenshots');
mkdirSync(screenshots, { recursive: true });

export function launch() {
  // launch() gives every run a fresh temporary profile (its own --user-data-dir).
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

export async function newPage(browser, viewport = { width: 1280, height: 900 }, url = baseUrl) {
  // page.request calls carry the SPA's CSRF header, as the SPA's own calls do.
  const context = await browser.newContext({ baseURL: url, viewport, locale: 'en-US', timezoneId: 'America/New_York', extraHTTPHeaders: { 'X-Recert-Client': 'e2e' } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.problems = problems;
  return page;
}

export async function shot(page, name) {
  await page.waitForLoadState('networkidle');
  // The header is sticky: a full-page capture taken while scrolled would show it part-way down.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: resolve(screenshots, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** `totpAccount` names whose staff account it is for the TOTP secrets: the run's API unless a test starts one on another database. */
export async function signIn(page, email, password, { totpAccount = baseUrl } = {}) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  try {
    await page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 10_000 });
  } catch {
    return; // still on the sign-in page: a refused sign-in, which the caller checks
  }
  if (new URL(page.url()).pathname.startsWith('/sign-in/mfa')) await secondStep(page, email, totpAccount);
}

// Staff: the TOTP step, as a person with an authenticator app does it. The secret shown at enrolment is kept per
// API (e2e/.tmp), so later sign-ins of the same run compute codes; a code is accepted once, so wait for a fresh step.
const totpStore = resolve(root, 'web-client/e2e/.tmp/totp.json');

/** The TOTP secrets enrolled in this run, by API and email; `save` after changing an entry. */
export function totpSecrets() {
  const store = existsSync(totpStore) ? JSON.parse(readFileSync(totpStore, 'utf8')) : {};
  return {
    store,
    save() {
      mkdirSync(dirname(totpStore), { recursive: true });
      writeFileSync(totpStore, JSON.stringify(store));
    },
  };
}

async function secondStep(page, email, account) {
  await page.waitForURL(/\/sign-in\/mfa/);
  const key = `${account} ${email}`;
  const store = existsSync(totpStore) ? JSON.parse(readFileSync(totpStore, 'utf8')) : {};
  if (page.url().endsWith('/enrol')) {
    const secret = (await page.getByTestId('mfa-manual-key').textContent()).trim();
    store[key] = { secret, lastStep: 0 };
    await page.getByLabel('Code from the app').fill(await freshCode(store[key]));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('button', { name: /I have saved them/ }).click();
  } else {
    if (!store[key]) throw new Error(`No TOTP secret kept for ${email}: it was enrolled outside this run.`);
    await page.getByLabel('Code', { exact: true }).fill(await freshCode(store[key]));
    await page.getByRole('button', { name: 'Verify' }).click();
  }
  mkdirSync(dirname(totpStore), { recursive: true });
  writeFileSync(totpStore, JSON.stringify(store));
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

export async function freshCode(entry) {
  let step = Math.floor(Date.now() / 30_000);
  while (step <= entry.lastStep) {
    await new Promise((r) => setTimeout(r, 1000));
    step = Math.floor(Date.now() / 30_000);
  }
  entry.lastStep = step;
  return totp(entry.secret, step);
}


/** Today's calendar date in the organisation's time zone, shifted by `days`. */
export function pacificDate(days = 0) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Drops a PDF on a FileDrop (by its test id), as a person dragging a file would. */
export async function dropPdf(page, testId, name) {
  const file = pdf(name);
  const dataTransfer = await page.evaluateHandle(({ fileName, base64 }) => {
    const transfer = new DataTransfer();
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], fileName, { type: 'application/pdf' }));
    return transfer;
  }, { fileName: file.name, base64: file.buffer.toString('base64') });
  await page.getByTestId(testId).dispatchEvent('drop', { dataTransfer });
  await page.getByText(`${name} uploaded`).first().waitFor();
}

/** A tiny valid PDF (the API recognises files by their first bytes). */
/** A valid one-page PDF (cross-reference table and all) that says its name, so a PDF viewer really renders it. */
export function pdf(name) {
  const text = `Certificate of completion: ${name}`.replace(/[()\\]/g, '');
  const stream = `BT /F1 16 Tf 36 120 Td (${text}) Tj ET`;
  const objects = [
    '<</Type/Catalog/Pages 2 0 R>>',
    '<</Type/Pages/Kids[3 0 R]/Count 1>>',
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 420 240]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>',
    `<</Length ${stream.length}>>\nstream\n${stream}\nendstream`,
    '<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  // Spaces after %%EOF pad it to 4 KB (a real certificate is never tiny); no offset moves.
  body += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(body.padEnd(4096, ' ')) };
}
