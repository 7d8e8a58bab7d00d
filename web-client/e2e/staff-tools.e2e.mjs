// Staff tools of issue 12: the sandboxed document viewer (from a certification's transcript), provider and course
// edits with their history, and the application detail page; axe on each new screen. Standalone: it makes its own
// certification, account, documents, application and provider through the API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { launch, newPage, pacificDate, pdf, shot, signIn } from './browser.mjs';
import { registerVerified, staff } from './fixtures.mjs';

const stamp = Date.now().toString(36).toUpperCase();
const number = `TOOLS-${stamp}`;
const holder = { email: `${number.toLowerCase()}@tools.example.org`, password: 'tools-password-2026' };
const provider = { name: `Staff Tools Academy ${stamp}`, email: 'partners@tools.example.org' };
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
let browser;
let page;
let applicationId;
let providerId;

async function upload(context, name) {
  const file = pdf(name);
  const response = await context.request.post('/api/v1/documents', { multipart: { file: { name: file.name, mimeType: file.mimeType, buffer: file.buffer } } });
  assert.equal(response.status(), 201, await response.text());
  return (await response.json()).id;
}

async function axe(target) {
  await target.waitForLoadState('networkidle');
  const results = await new AxeBuilder({ page: target }).withTags(tags).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) — ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(serious, [], `axe on ${new URL(target.url()).pathname}`);
}

before(async () => {
  browser = await launch();
  page = await newPage(browser);
  await signIn(page, staff.email, staff.password);
  await page.waitForURL('**/staff');
  const registered = await page.request.post('/api/v1/certifications', {
    data: { number, credential: 'CPT', firstName: 'Toby', lastName: 'Tools', email: holder.email, cycleStart: pacificDate(-300), expiresOn: pacificDate(430) },
  });
  assert.equal(registered.status(), 201, await registered.text());

  // The holder: a card and 2.0 CEUs with their certificates, an application, paid.
  const own = await newPage(browser);
  await registerVerified(own.request, { email: holder.email, password: holder.password, firstName: 'Toby', lastName: 'Tools' });
  const card = await own.request.post(`/api/v1/certifications/${number}/cpr-aed`, {
    data: { kind: 'cpr-aed', provider: 'American Red Cross', issuedOn: pacificDate(-30), expiresOn: pacificDate(700), handsOn: true,
      frontDocumentId: await upload(own, 'front.pdf'), backDocumentId: await upload(own, 'back.pdf') },
  });
  assert.equal(card.status(), 201, await card.text());
  const ceu = await own.request.post(`/api/v1/certifications/${number}/ceus`, {
    data: { title: 'Kettlebell Coaching Intensive', area: 'exercise-technique', ceus: 2.0, completedOn: pacificDate(-20), documentId: await upload(own, 'kettlebell.pdf') },
  });
  assert.equal(ceu.status(), 201, await ceu.text());
  const submitted = await own.request.post(`/api/v1/certifications/${number}/applications`, { data: { plan: 'renew' } });
  assert.equal(submitted.status(), 201, await submitted.text());
  applicationId = (await submitted.json()).id;
  const paid = await own.request.post('/api/v1/me/cart/checkout', { data: { paymentToken: 'tok_visa' } });
  assert.equal(paid.status(), 200, await paid.text());
  await own.context().close();

  const created = await page.request.post('/api/v1/staff/providers', {
    data: { name: provider.name, contactName: 'Jo Old', contactEmail: provider.email, approvedFrom: pacificDate(-400), approvedUntil: pacificDate(400) },
  });
  assert.equal(created.status(), 201, await created.text());
  providerId = (await created.json()).id;
  const course = await page.request.post(`/api/v1/staff/providers/${providerId}/courses`, {
    data: { code: 'ST-101', title: 'Staff Tools Basics', ceus: 0.5, area: 'nutrition', approvedFrom: pacificDate(-400), approvedUntil: pacificDate(400) },
  });
  assert.equal(course.status(), 201, await course.text());
});
after(async () => {
  assert.deepEqual(page?.problems ?? [], [], 'no uncaught errors in the page');
  await browser?.close();
});

/** Chromium's PDF viewer frame, once the document's frame has handed the PDF to it. */
async function pdfViewerFrame(page, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frame = page.frames().find((f) => f.url().startsWith('chrome-extension://'));
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error(`No PDF viewer frame within ${timeout / 1000} s: ${page.frames().map((f) => f.url()).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('staff tools', () => {
  test('a certificate opens inline in the viewer from the transcript, under its own strict policy; download stays', async () => {
    await page.goto(`/staff/certifications/${number}`);
    const view = page.getByRole('button', { name: 'View Certificate for Kettlebell Coaching Intensive' });
    await view.click();
    const dialog = page.getByRole('dialog', { name: 'Certificate for Kettlebell Coaching Intensive' });
    await dialog.waitFor();
    const frame = dialog.locator('iframe[title="Certificate for Kettlebell Coaching Intensive: kettlebell.pdf"]');
    await frame.waitFor();
    const src = await frame.getAttribute('src');
    const served = await page.request.get(src);
    assert.equal(served.status(), 200);
    assert.equal(served.headers()['content-type'], 'application/pdf');
    assert.match(served.headers()['content-disposition'], /^inline;/);
    assert.match(served.headers()['content-security-policy'], /^default-src 'none';.*frame-ancestors 'self'/);
    assert.equal(served.headers()['x-content-type-options'], 'nosniff');
    assert.equal(served.headers()['x-frame-options'], 'SAMEORIGIN');
    assert.ok(await dialog.getByRole('link', { name: 'Download' }).getAttribute('download') !== null);
    // Headers are not enough: Chromium's own PDF viewer (an extension frame inside ours) must open it under that policy.
    const viewer = await pdfViewerFrame(page);
    await viewer.locator('#pagelength').filter({ hasText: /^1$/ }).waitFor();
    assert.equal(await viewer.locator('#title').textContent(), 'kettlebell.pdf');
    assert.equal(await viewer.locator('viewer-error-dialog').count(), 0, 'the PDF loaded');
    await shot(page, 'staff-document-viewer');
    await axe(page);
    // Chromium's PDF viewer may take the focus into its frame, where Escape belongs to it: from the dialog it closes.
    await dialog.getByRole('button', { name: 'Close' }).focus();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await view.evaluate((el) => el === document.activeElement), true, 'focus returns to the View button');
  });

  test('the application detail page shows the quote, the payment and the decisions, from the certification', async () => {
    await page.goto(`/staff/certifications/${number}`);
    await page.locator(`a[href="/staff/applications/${applicationId}"]`).first().click();
    await page.getByRole('heading', { name: `Application of ${number}` }).waitFor();
    await page.getByRole('heading', { name: 'Fees quoted' }).waitFor();
    const payments = page.getByRole('region', { name: 'Payments' });
    await payments.getByText('Paid this application').waitFor();
    const decisions = page.getByRole('region', { name: 'Decisions' });
    await decisions.getByText(/Drawn for audit|Not drawn for audit/).first().waitFor();
    await shot(page, 'staff-application');
    await axe(page);
  });

  test('staff edit a provider and a course, and the history says who changed what', async () => {
    await page.goto(`/staff/providers/${providerId}`);
    await page.getByRole('heading', { name: provider.name }).waitFor();
    await page.getByText('No edits yet.').waitFor();

    await page.getByRole('button', { name: 'Edit provider' }).click();
    await page.getByLabel('Contact email').fill('not-an-email');
    await page.getByRole('button', { name: 'Save provider' }).click();
    await page.locator('#provider-edit-contactEmail-error').waitFor();
    await page.getByLabel('Contact email').fill(provider.email);
    await page.getByLabel('Contact name (optional)').fill('Jo New');
    await page.getByRole('button', { name: 'Save provider' }).click();
    await page.getByText('Provider saved; the change is in the history below.').waitFor();

    await page.getByRole('button', { name: 'Edit ST-101' }).click();
    const form = page.getByRole('form', { name: 'Edit course ST-101' });
    await form.getByLabel('CEUs').fill('0.75');
    await form.getByRole('button', { name: 'Save ST-101' }).click();
    await page.getByText('ST-101 saved.').waitFor();

    const history = page.getByRole('list', { name: 'Changes, newest first' });
    await history.getByText('CEUs: 0.50 → 0.75').waitFor();
    await history.getByText('Contact name: Jo Old → Jo New').waitFor();
    const entries = await history.locator(':scope > li').allTextContents();
    assert.match(entries[0], /^Course ST-101/);
    assert.match(entries[1], /^Provider/);
    await shot(page, 'staff-provider-history');
    await axe(page);
  });
});
