// Petitions through the back office, and (with a second API that draws every paid application) an audit.
// Runs alone or with the other files in any order: everything here uses its own certification.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startApi, webClient } from './harness.mjs';
import { dropPdf, launch, newPage, pacificDate, pdf, shot, signIn } from './browser.mjs';
import { signUpAndVerify } from './mail.mjs';

const staff = { email: 'staff@recert.local', password: 'back-office-keys-2026' };
const pat = { number: 'CPT-300003', firstName: 'Pat', lastName: 'Moreno', email: 'pat.moreno@example.org', password: 'pat-password-2026' };
const course = { title: 'Functional Mobility Summit', provider: 'Mobility Institute' };
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('a petition: filed with a certificate, paid, approved by staff, counted', () => {
  let certificant;
  let office;
  before(async () => {
    office = await newPage(browser);
    await signIn(office, staff.email, staff.password);
    await office.waitForURL('**/staff');
    const registered = await office.request.post('/api/v1/certifications', {
      data: { number: pat.number, credential: 'CPT', firstName: pat.firstName, lastName: pat.lastName, email: pat.email, cycleStart: pacificDate(-100), expiresOn: pacificDate(630) },
    });
    assert.equal(registered.status(), 201, await registered.text());

    certificant = await newPage(browser);
    // The certification joins the account once its email is verified (issue 9).
    await signUpAndVerify(certificant, pat);
    await certificant.waitForURL(`**/certifications/${pat.number}`);
  });
  after(async () => {
    assert.deepEqual(certificant.problems, [], 'no uncaught errors in the certificant’s page');
    assert.deepEqual(office.problems, [], 'no uncaught errors in the back office');
    await certificant.context().close();
    await office.context().close();
  });

  test('the certificant files a petition with its certificate and sees the fee go into the cart', async () => {
    const page = certificant;
    await page.getByRole('link', { name: 'Petitions', exact: true }).click();
    await page.getByText('No petitions yet.').waitFor();
    await page.getByRole('link', { name: 'Petition a course' }).click();
    await page.getByRole('heading', { name: 'Petition a course' }).waitFor();
    const fee = page.getByTestId('petition-fee');
    await fee.getByText('$25.00').waitFor(); // the amount comes from the fee schedule
    assert.match(await fee.innerText(), /Fee: \$25\.00 per course, nonrefundable[\s\S]*goes into your cart/);

    await page.getByRole('button', { name: 'File petition and add fee to cart' }).click();
    await page.locator('#pet-provider-error', { hasText: 'Enter who gave the course.' }).waitFor();

    await page.getByLabel('Course or event title').fill(course.title);
    await page.getByLabel('Provider name').fill(course.provider);
    await page.getByLabel('Area').selectOption('assessment');
    await page.getByLabel('Contact hours').fill('20');
    await page.getByText('= 2.0 CEU requested').waitFor();
    await page.getByLabel('Completed on').fill(pacificDate(1));
    await dropPdf(page, 'drop-petition-certificate', 'mobility-certificate.pdf');
    await page.getByRole('button', { name: 'File petition and add fee to cart' }).click();
    await page.locator('#pet-completed-error', { hasText: 'future' }).waitFor();
    assert.equal(await page.getByLabel('Completed on').getAttribute('aria-invalid'), 'true', 'the API’s message is next to the field');
    await shot(page, 'petition-form');

    await page.getByLabel('Completed on').fill(pacificDate(-20));
    await page.getByRole('button', { name: 'File petition and add fee to cart' }).click();
    await page.getByText(`Petition for “${course.title}” filed.`).waitFor();
    assert.match(await page.getByTestId('petition-row').innerText(), /Functional Mobility Summit[\s\S]*Pending payment[\s\S]*\$25\.00/);
    await shot(page, 'petitions');
  });

  test('the certificant pays the petition fee', async () => {
    const page = certificant;
    await page.getByRole('link', { name: 'Go to the cart' }).click();
    assert.match(await page.getByRole('table', { name: 'Your cart' }).innerText(), /Petition fee \(nonrefundable\)[\s\S]*Functional Mobility Summit[\s\S]*\$25\.00/);
    await page.getByLabel('Card (sandbox test token)').fill('tok_visa');
    await page.getByRole('button', { name: 'Pay $25.00' }).click();
    await page.getByRole('heading', { name: 'Thank you — payment received' }).waitFor();
    await page.getByRole('link', { name: 'See your petitions' }).click();
    assert.match(await page.getByTestId('petition-row').innerText(), /Awaiting review/);
  });

  test('staff sees it in the queues and the petition review, and approves it with CEUs', async () => {
    const page = office;
    await page.getByRole('link', { name: 'Queues' }).click();
    const petitions = page.getByTestId('queue-tile').filter({ hasText: 'Petitions to review' });
    assert.match(await petitions.innerText(), /Petitions to review\s*1\s*oldest: today · 1 course/);
    await shot(page, 'staff-queues');

    await petitions.click();
    const group = page.getByTestId('petition-group').filter({ hasText: course.title });
    assert.match(await group.innerText(), /Mobility Institute[\s\S]*1 to review/);
    const review = group.getByTestId('petition-review');
    assert.match(await review.innerText(), /CPT-300003[\s\S]*20 h \(2\.0 CEU requested\)[\s\S]*View[\s\S]*Download/);
    await shot(page, 'petition-review');

    await review.getByLabel('CEUs granted').fill('abc');
    await review.getByRole('button', { name: 'Approve' }).click();
    await review.getByText('Enter the CEUs granted').waitFor();
    await review.getByLabel('CEUs granted').fill('2.0');
    await review.getByLabel(/Approve for everyone who petitioned this course/).check();
    await review.getByRole('button', { name: 'Approve' }).click();
    const decided = page.getByTestId('decided');
    await decided.waitFor();
    assert.match(await decided.innerText(), /Approved, 2\.0 CEU granted for everyone who petitioned this course — decided by staff@recert\.local/);
    await page.getByText('No paid petitions are waiting for review.').waitFor();
  });

  test('the certificant’s transcript counts the approved petition', async () => {
    const page = certificant;
    await page.getByRole('link', { name: 'Transcript', exact: true }).click();
    // The transcript first renders what the SPA cached before staff approved, then its refetch: wait for the counted row.
    const row = page.locator('tr', { hasText: course.title }).filter({ hasText: 'Counts' });
    await row.waitFor();
    assert.match(await row.innerText(), /Petition[\s\S]*2\.0[\s\S]*Counts/);
    await page.getByRole('link', { name: 'Petitions', exact: true }).click();
    assert.match(await page.getByTestId('petition-row').innerText(), /Approved\s*2\.0 CEU granted/);
  });

  test('staff finds the certificant by name and reads who decided in the history', async () => {
    const page = office;
    await page.getByRole('link', { name: 'Look up', exact: true }).click();
    await page.getByLabel('Number, name or email').fill('moreno');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('heading', { name: '1 match for “moreno”' }).waitFor();
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: `History of ${pat.number}` }).waitFor();
    assert.match(await page.getByTestId('history-decisions').innerText(), /petition[\s\S]*approved[\s\S]*staff@recert\.local/i);
    await shot(page, 'staff-history');
  });
});

describe('an audit (a second API on the same database draws every paid application)', () => {
  let audited;
  let certificant;
  let office;
  before(async () => {
    audited = await startApi({ database: process.env.RECERT_E2E_DB, logFile: join(webClient, 'e2e/.tmp/api-audit.log'), env: { Recert__Audit__Rate: '1' } });
    certificant = await newPage(browser, undefined, audited.url);
    await signIn(certificant, pat.email, pat.password);
    await certificant.waitForURL(`**/certifications/${pat.number}`);
    office = await newPage(browser, undefined, audited.url);
    await signIn(office, staff.email, staff.password);
    await office.waitForURL('**/staff');
  });
  after(async () => {
    assert.deepEqual(certificant?.problems ?? [], []);
    assert.deepEqual(office?.problems ?? [], []);
    await certificant?.context().close();
    await office?.context().close();
    await audited?.stop();
  });

  test('the certificant adds a CPR/AED card, renews, pays and is selected for audit', async () => {
    const page = certificant;
    await page.getByRole('link', { name: 'CPR/AED', exact: true }).click();
    await page.getByLabel('Issuer').selectOption('American Heart Association');
    await page.getByLabel('Issued on').fill(pacificDate(-10));
    await page.getByLabel('Expires on').fill(pacificDate(720));
    await page.getByLabel('The course included a hands-on skills component').check();
    await page.locator('input[name="front"]').setInputFiles(pdf('pat-front.pdf'));
    await page.locator('input[name="back"]').setInputFiles(pdf('pat-back.pdf'));
    await page.getByText('pat-back.pdf uploaded').waitFor();
    await page.getByText('pat-front.pdf uploaded').waitFor();
    await page.getByRole('button', { name: 'Save card' }).click();
    await page.getByText('Card saved.').waitFor();

    await page.getByRole('link', { name: 'Renew', exact: true }).click();
    await page.getByRole('button', { name: 'Submit Renew application' }).click();
    await page.getByText('Application submitted.').waitFor();
    await page.getByRole('link', { name: 'Continue to the cart' }).click();
    await page.getByLabel('Card (sandbox test token)').fill('tok_transient_then_ok');
    await page.getByRole('button', { name: /^Pay \$/ }).click();
    await page.getByRole('heading', { name: 'Thank you — payment received' }).waitFor();
    assert.match(await page.getByTestId('application-status').innerText(), /Selected for audit/);
  });

  test('the dashboard shows the audit banner; the audit page counts down and takes a document per item', async () => {
    const page = certificant;
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    const banner = page.getByTestId('audit-banner');
    await banner.getByTestId('audit-countdown').waitFor();
    assert.match(await banner.innerText(), /selected for a routine audit[\s\S]*30 days left[\s\S]*Pacific Time/);
    await banner.getByRole('link', { name: 'Open the audit' }).click();
    await page.getByRole('heading', { name: 'Audit', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Submit documentation' }).click();
    await page.getByRole('alert').filter({ hasText: 'Attach documentation for' }).waitFor();

    const items = page.getByTestId('audit-item');
    const count = await items.count();
    // The approved petition (2.0 CEU) and the CPR/AED card added above: one item each.
    assert.equal(count, 2, 'one item per counted activity and per card');
    for (let index = 0; index < count; index += 1) {
      const item = items.nth(index);
      const testId = await item.locator('[data-testid^="drop-audit-"]').getAttribute('data-testid');
      await dropPdf(page, testId, `audit-document-${index}.pdf`);
      await item.getByText('✓ Documented').waitFor();
    }
    await page.getByText(`${count} of ${count} documented`).waitFor();
    await shot(page, 'audit');
    await page.getByRole('button', { name: 'Submit documentation' }).click();
    await page.getByText('Documentation submitted — awaiting review').waitFor();
  });

  test('staff reviews the documents and passes the audit; the certificant sees it passed', async () => {
    const page = office;
    await page.getByRole('link', { name: 'Audits' }).click();
    assert.match(await page.getByTestId('audit-rate').innerText(), /configured 100%/);
    const entry = page.getByTestId('audit-entry').filter({ hasText: pat.number });
    await entry.getByRole('button', { name: 'Review' }).click();
    await entry.getByRole('link', { name: /^Download Document for/ }).first().waitFor();
    await entry.getByRole('button', { name: /^View Document for/ }).first().waitFor();
    await page.getByRole('button', { name: 'Fail audit' }).click();
    await page.getByText('Give at least one reason').waitFor();
    await shot(page, 'staff-audits');
    await entry.getByRole('button', { name: 'Pass audit' }).click();
    await page.getByText(`Audit of ${pat.number} passed; the application is approved.`).waitFor();

    await certificant.reload();
    await certificant.getByRole('heading', { name: 'Audit', exact: true }).waitFor();
    await certificant.getByText('The audit passed').waitFor();
  });
});

test('the application list lets staff filter by status', async () => {
  const page = await newPage(browser);
  await signIn(page, staff.email, staff.password);
  await page.waitForURL('**/staff');
  await page.getByRole('link', { name: 'Applications' }).click();
  await page.getByLabel('Status').selectOption('approved');
  await page.waitForURL('**/staff/applications?status=approved');
  const rows = page.locator('tbody tr');
  await rows.filter({ hasText: pat.number }).waitFor();
  // Other files may have approved renewals of their own: the screen lists exactly what the API holds as approved,
  // this file's renewal (passed in the audit above) once, and nothing in another status.
  const approved = await page.request.get('/api/v1/staff/applications?status=approved&pageSize=100');
  assert.equal(approved.status(), 200);
  const { items, total } = await approved.json();
  assert.equal(items.filter((application) => application.number === pat.number).length, 1, 'this file’s renewal is approved');
  assert.equal(await rows.count(), total, 'one row per approved application');
  assert.deepEqual((await rows.locator('td[data-label="Certification"]').allInnerTexts()).sort(), items.map((a) => a.number).sort());
  assert.deepEqual([...new Set(await rows.locator('td[data-label="Status"]').allInnerTexts())], ['Approved']);
  assert.equal(await page.getByRole('button', { name: 'Reject…' }).count(), 0, 'approved applications cannot be rejected');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
