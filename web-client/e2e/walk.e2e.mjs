// Issue 12, the traps of the rules' presentation: which cycle an activity counts for before any fee, the closed
// completion window, a what-if on a lapsed date, and issuer "Other" with its name. Standalone: it creates its own
// certifications and users through the API, so it runs alone or with the other files, in any order.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, newPage, pacificDate, pdf, shot, signIn } from './browser.mjs';
import { registerVerified } from './fixtures.mjs';
import { recreateDatabase, startApi, webClient } from './harness.mjs';

const staff = { email: 'staff@recert.local', password: 'back-office-keys-2026' };
const run = Date.now().toString(36).toUpperCase();
let browser;
let office;

/** "2027-01-31" → "January 31, 2027", as the SPA writes every date. */
function human(iso) {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' });
}

async function holder(number, cycleStart, expiresOn) {
  const email = `${number.toLowerCase()}@walk.example.org`;
  const registered = await office.request.post('/api/v1/certifications', {
    data: { number, credential: 'CPT', firstName: 'Robin', lastName: 'Walker', email, cycleStart, expiresOn },
  });
  assert.equal(registered.status(), 201, await registered.text());
  const page = await newPage(browser);
  await registerVerified(page.request, { email, password: 'robin-password-2026', firstName: 'Robin', lastName: 'Walker' });
  // Registering signs in and links the certification by its email.
  await page.goto(`/certifications/${number}`);
  await page.getByRole('heading', { name: 'Hello, Robin' }).waitFor();
  return page;
}

async function uploadPdf(page, name) {
  const file = pdf(name);
  const response = await page.request.post('/api/v1/documents', { multipart: { file: { name: file.name, mimeType: file.mimeType, buffer: file.buffer } } });
  assert.equal(response.status(), 201, await response.text());
  return (await response.json()).id;
}

before(async () => {
  browser = await launch();
  office = await newPage(browser);
  await signIn(office, staff.email, staff.password);
  await office.waitForURL('**/staff');
});
after(async () => {
  assert.deepEqual(office.problems, [], 'no uncaught errors in the back office');
  await browser?.close();
});

describe('the petition trap: a course before the cycle is refused before any fee', () => {
  const number = `WALK-P-${run}`;
  const cycleStart = pacificDate(-30);
  let page;
  before(async () => {
    // The state after an early renewal: the cycle began recently; a course from before it can never count.
    page = await holder(number, cycleStart, pacificDate(700));
  });
  after(async () => {
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the dashboard says from which date activities count', async () => {
    assert.match(await page.getByTestId('cycle-dates').innerText(), new RegExp(`Activities completed from ${human(cycleStart)} count\\.`));
    for (const deadline of await page.locator('.deadline').allInnerTexts()) {
      assert.match(deadline, /^[A-Z][a-z]+ \d{1,2}, \d{4}, end of day Pacific Time$/, 'one deadline format, the organisation’s zone');
    }
  });

  test('the petition form tells the cycle before the fee and does not offer to file it', async () => {
    await page.goto(`/certifications/${number}/petitions/new`);
    await page.getByLabel('Course or event title').fill('Mobility for runners');
    await page.getByLabel('Provider name').fill('Iron Academy');
    await page.getByLabel('Area').selectOption('exercise-technique');
    await page.getByLabel('Contact hours').fill('8');
    await page.getByLabel('Completed on').fill(pacificDate(-60));
    const note = page.getByTestId('cycle-fit');
    await note.waitFor();
    assert.equal(await note.getAttribute('data-fit'), 'none');
    assert.match(await note.innerText(), new RegExp(`counts toward no open cycle[\\s\\S]*${human(cycleStart)}`));
    assert.equal(await page.getByRole('button', { name: 'File petition and add fee to cart' }).isDisabled(), true);
    await shot(page, 'petition-refused-cycle');

    await page.getByLabel('Completed on').fill(pacificDate(-10));
    await page.locator('[data-testid="cycle-fit"][data-fit="current-cycle"]').waitFor();
    assert.equal(await page.getByRole('button', { name: 'File petition and add fee to cart' }).isDisabled(), false);
  });

  test('the API refuses the petition with a 422 naming the cycle dates, and nothing reaches the cart', async () => {
    const documentId = await uploadPdf(page, 'early-course.pdf');
    const response = await page.request.post(`/api/v1/certifications/${number}/petitions`, {
      data: { title: 'Mobility for runners', providerName: 'Iron Academy', area: 'exercise-technique', contactHours: 8, completedOn: pacificDate(-60), documentId },
    });
    assert.equal(response.status(), 422);
    const problem = await response.json();
    assert.equal(problem.unmet[0].code, 'activity.before-cycle');
    assert.match(problem.detail, new RegExp(human(cycleStart)));
    const cart = await (await page.request.get('/api/v1/me/cart')).json();
    assert.deepEqual(cart.items, []);
  });

  test('an "other" CEU from before the cycle is refused the same way', async () => {
    await page.goto(`/certifications/${number}/ceus/new`);
    await page.getByLabel('Completed on').fill(pacificDate(-45));
    await page.locator('[data-testid="cycle-fit"][data-fit="none"]').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add activity' }).isDisabled(), true);
  });
});

describe('a closed completion window, a lapsed what-if and an "Other" card issuer', () => {
  const number = `WALK-L-${run}`;
  let page;
  before(async () => {
    page = await holder(number, pacificDate(-100 - 730 + 1), pacificDate(-100));
    const documentId = await uploadPdf(page, 'workshop.pdf');
    const added = await page.request.post(`/api/v1/certifications/${number}/ceus`, {
      data: { title: 'Kettlebell workshop', area: 'exercise-technique', ceus: 1.9, completedOn: pacificDate(-400), documentId },
    });
    assert.equal(added.status(), 201, await added.text());
  });
  after(async () => {
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the dashboard says the window closed and what can still be done, never a past date as a to-do', async () => {
    await page.goto(`/certifications/${number}`);
    const item = page.locator('li[data-code="ceu.completion-window-closed"]');
    await item.waitFor();
    const text = await item.innerText();
    assert.match(text, new RegExp(`ended on ${human(pacificDate(-10))}, end of day Pacific Time, 0\\.1 CEU short`));
    assert.match(text, /still count if you add them now[\s\S]*Contact the certification department/);
    assert.equal(await item.getByRole('link', { name: 'Contact the department' }).getAttribute('href'), '/help');
    assert.equal(await page.getByText(/needed by/).count(), 0);
    assert.equal(await page.locator('li[data-code="ceu.short"]').count(), 0);
    await page.getByText('CEU completion window closed').waitFor();
    await shot(page, 'dashboard-window-closed');
  });

  test('what-if on a lapsed date answers No, with no overlapping badges and one wording for the last day', async () => {
    await page.goto(`/certifications/${number}/what-if?on=${pacificDate(300)}`);
    const answer = page.getByTestId('whatif-answer');
    await answer.waitFor();
    assert.equal((await answer.innerText()).trim(), 'No');
    const unmet = await page.locator('li[data-code="window.closed"]').innerText();
    const note = await page.getByText(/late applications were accepted until/).innerText();
    assert.match(unmet, /Applications were accepted until/);
    // The same last day on the whole card: the sentence and the footnote agree.
    const fromUnmet = unmet.match(/accepted until ([A-Z][a-z]+ \d{1,2}, \d{4})/)[1];
    assert.match(note, new RegExp(fromUnmet));
    const boxes = await page.locator('#whatif-result ~ .facts > div').evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().toJSON()));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        assert.equal(overlap, false, 'facts on the what-if card do not overlap');
      }
    }
    const badges = await page.locator('#whatif-result ~ .facts .badge').evaluateAll((els) => els.map((e) => ({ badge: e.getBoundingClientRect().toJSON(), cell: e.closest('div').getBoundingClientRect().toJSON() })));
    for (const { badge, cell } of badges) assert.ok(badge.right <= cell.right + 1, 'each badge stays inside its cell');
    await shot(page, 'what-if-lapsed');
  });

  test('issuer "Other" asks for the name, stores it and shows it to staff', async () => {
    await page.goto(`/certifications/${number}/cpr-aed`);
    const issuer = page.getByLabel('Issuer', { exact: true });
    await page.locator('#card-provider:not([disabled])').waitFor();
    await issuer.selectOption('other');
    await page.getByLabel('Issued on').fill(pacificDate(-30));
    await page.getByLabel('Expires on').fill(pacificDate(700));
    await page.getByRole('button', { name: 'Save card' }).click();
    await page.locator('#card-issuer-name-error', { hasText: 'Enter the name of the organisation that issued your card.' }).waitFor();
    await page.getByLabel('Issuer’s name').fill('Coastal Lifeguard Guild');
    await page.getByRole('button', { name: 'Save card' }).click();
    await page.getByText('Card saved.').waitFor();
    await page.getByText('Other: Coastal Lifeguard Guild').first().waitFor();

    await office.goto(`/staff/certifications/${number}/history`);
    await office.getByText('Other: Coastal Lifeguard Guild').first().waitFor();
  });
});

describe('staff add Category A CEUs from a certification that is short', () => {
  const number = `WALK-A-${run}`;
  let page;
  before(async () => {
    page = await holder(number, pacificDate(-200), pacificDate(500));
  });
  after(async () => {
    await page.context().close();
  });

  test('the eligibility view links to the form on the same page, and the CEUs count at once', async () => {
    await office.goto(`/staff/certifications/${number}`);
    const action = office.locator('li[data-code="ceu.short"]').getByRole('link', { name: 'Add Category A CEUs' });
    await action.click();
    assert.match(office.url(), new RegExp(`/staff/certifications/${number}#add-category-a$`), 'staff stay on the certification');
    await office.getByLabel('Course title').fill('Recert Essentials: Program Design');
    await office.getByLabel('Course code (optional)').fill('RE-PD-1');
    await office.getByLabel('Area').selectOption('program-design');
    await office.getByLabel('CEUs', { exact: true }).fill('2.0');
    await office.getByLabel('Completed on').fill(pacificDate(-5));
    await office.getByRole('button', { name: 'Add Category A course' }).click();
    await office.getByText('Recert Essentials: Program Design added.').waitFor();
    await office.locator('li[data-code="ceu.short"]').waitFor({ state: 'detached' });
    await shot(office, 'staff-add-category-a');

    const ledger = await (await page.request.get(`/api/v1/certifications/${number}/ceus`)).json();
    assert.equal(ledger.counted, 2);
    assert.equal(ledger.activities[0].source, 'category-a');
  });
});

describe('staff manage the audit rate and the CPR/AED issuers (on an API and database of their own)', () => {
  // Both settings are global: changing them on the shared database would change other files' audits and issuers.
  const database = `${process.env.RECERT_E2E_DB ?? 'recert_e2e'}_settings`;
  let api;
  let settings;
  before(async () => {
    recreateDatabase(database);
    api = await startApi({ database, logFile: join(webClient, 'e2e/.tmp/api-settings.log') });
    settings = await newPage(browser, undefined, api.url);
    await signIn(settings, staff.email, staff.password, { totpAccount: database });
    await settings.waitForURL('**/staff');
  });
  after(async () => {
    assert.deepEqual(settings?.problems ?? [], []);
    await settings?.context().close();
    await api?.stop();
  });

  test('the audit rate starts from configuration, is set in percent and kept with who and when', async () => {
    await settings.getByRole('link', { name: 'Audit rate & issuers' }).click();
    await settings.getByRole('heading', { name: 'Audit rate and CPR/AED issuers' }).waitFor();
    assert.equal(await settings.getByTestId('audit-rate-current').innerText(), '0%');
    await settings.getByText('Configuration (starting value)').waitFor();

    await settings.getByLabel('New audit rate (%)').fill('150');
    await settings.getByRole('button', { name: 'Set audit rate' }).click();
    await settings.locator('#audit-rate-error', { hasText: 'Enter a percentage from 0 to 100' }).waitFor();
    await settings.getByLabel('New audit rate (%)').fill('12.5');
    await settings.locator('#audit-rate[aria-invalid="false"]').waitFor(); // the error clears as the field is fixed
    await settings.getByLabel('Reason (optional)').fill('Quarterly spot check');
    await settings.getByRole('button', { name: 'Set audit rate' }).click();
    await settings.getByText('Audit rate set to 12.5%').waitFor();
    // The confirmation shows as soon as the change is saved; the figure in force follows when the page has reloaded it.
    await settings.getByTestId('audit-rate-current').filter({ hasText: '12.5%' }).waitFor();
    const change = await settings.getByTestId('audit-rate-change').first().innerText();
    assert.match(change, /Pacific Time[\s\S]*0% → 12\.5%[\s\S]*Quarterly spot check/);
  });

  test('issuers are added, renamed and retired; trainers are offered only current ones', async () => {
    await settings.getByLabel('Add an issuer').fill('Coastal Lifeguard Guild');
    await settings.getByRole('button', { name: 'Add issuer' }).click();
    await settings.locator('[data-testid="issuer"][data-name="Coastal Lifeguard Guild"]').waitFor();

    await settings.getByRole('button', { name: 'Rename ASHI' }).click();
    await settings.getByLabel('New name for ASHI').fill('ASHI (HSI)');
    await settings.getByRole('button', { name: 'Save name' }).click();
    await settings.locator('[data-testid="issuer"][data-name="ASHI (HSI)"]').waitFor();

    await settings.getByRole('button', { name: 'Retire ECSI' }).click();
    await settings.locator('[data-testid="issuer"][data-name="ECSI"]').getByText('Retired').waitFor();
    await settings.getByText('History of changes').click();
    await shot(settings, 'staff-settings');

    const offered = await (await settings.request.get('/api/v1/cpr-aed/issuers')).json();
    assert.ok(offered.includes('Coastal Lifeguard Guild') && offered.includes('ASHI (HSI)'));
    assert.ok(!offered.includes('ECSI') && !offered.includes('ASHI'));
  });
});
