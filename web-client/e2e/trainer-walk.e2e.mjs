// Issue 12, a trainer's side and the portal's manners: editing and removing one's own CEUs and CPR/AED cards, the
// in-app notifications, a deep link that survives signing in, and a title for every page. Standalone: it creates its
// own certification, user and data through the API, so it runs alone or with the other files, in any order.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, pacificDate, pdf, shot, signIn } from './browser.mjs';
import { registerVerified, staff } from './fixtures.mjs';

const run = Date.now().toString(36).toUpperCase();
const number = `TW-${run}`;
const person = { email: `${number.toLowerCase()}@trainer-walk.example.org`, password: 'trainer-walk-2026', firstName: 'Sam', lastName: 'Walker' };
const base = `/certifications/${number}`;
let browser;
let office;
let page;

async function uploadPdf(name) {
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
  const registered = await office.request.post('/api/v1/certifications', {
    data: { number, credential: 'CPT', firstName: person.firstName, lastName: person.lastName, email: person.email, cycleStart: pacificDate(-100), expiresOn: pacificDate(630) },
  });
  assert.equal(registered.status(), 201, await registered.text());
  page = await newPage(browser);
  await registerVerified(page.request, person);
});
after(async () => {
  assert.deepEqual(office.problems, [], 'no uncaught errors in the back office');
  assert.deepEqual(page.problems, [], 'no uncaught errors in the portal');
  await browser?.close();
});

describe('a trainer corrects and removes what they reported', () => {
  test('an "other" CEU is edited from the transcript, then removed', async () => {
    const documentId = await uploadPdf('workshop.pdf');
    const added = await page.request.post(`/api/v1${base}/ceus`, {
      data: { title: 'Kettlebel workshop', area: 'exercise-technique', ceus: 0.5, completedOn: pacificDate(-20), documentId, source: 'other' },
    });
    assert.equal(added.status(), 201, await added.text());

    await page.goto(`${base}/transcript`);
    await page.getByRole('link', { name: 'Edit or remove “Kettlebel workshop”' }).click();
    await page.waitForURL(`**${base}/ceus/*/edit`);
    await page.waitForFunction(() => document.title === 'Edit a CEU — Recert');
    const title = page.getByLabel('Course or event title');
    assert.equal(await title.inputValue(), 'Kettlebel workshop', 'the form starts from what is on file');
    await shot(page, 'edit-ceu');

    // A field error clears as soon as the field is being fixed.
    await title.fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Enter the title shown on the certificate.').waitFor();
    await title.fill('Kettlebell workshop');
    assert.equal(await page.locator('#ceu-title-error').innerText(), '', 'the title’s error went away while typing');
    await page.getByLabel('Amount in CEUs').fill('0.6');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(`**${base}/transcript`);
    await page.getByText('“Kettlebell workshop” was saved.').waitFor();
    const row = page.getByRole('row', { name: /Kettlebell workshop/ });
    assert.match(await row.innerText(), /0\.6/);

    await page.getByRole('link', { name: 'Edit or remove “Kettlebell workshop”' }).click();
    await page.getByRole('button', { name: 'Remove activity' }).click();
    await page.getByRole('button', { name: 'Yes, remove “Kettlebell workshop”' }).click();
    await page.waitForURL(`**${base}/transcript`);
    await page.getByText('“Kettlebell workshop” was removed from your transcript.').waitFor();
    assert.equal(await page.getByRole('row', { name: /Kettlebell workshop/ }).count(), 0);
  });

  test('a CPR/AED card is corrected, then removed', async () => {
    const front = await uploadPdf('front.pdf');
    const back = await uploadPdf('back.pdf');
    const added = await page.request.post(`/api/v1${base}/cpr-aed`, {
      data: { kind: 'cpr-aed', provider: 'American Red Cross', issuedOn: pacificDate(-30), expiresOn: pacificDate(700), handsOn: true, frontDocumentId: front, backDocumentId: back },
    });
    assert.equal(added.status(), 201, await added.text());

    await page.goto(`${base}/cpr-aed`);
    await page.waitForFunction(() => document.title === 'CPR/AED — Recert');
    await page.getByRole('button', { name: /^Edit the .+ card expiring/ }).click();
    await page.getByRole('heading', { name: 'Edit the card' }).waitFor();
    await page.getByLabel('Expires on').fill(pacificDate(720));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Card updated.').waitFor();
    const cards = await page.request.get(`/api/v1${base}/cpr-aed`);
    const [card] = await cards.json();
    assert.equal(card.expiresOn, pacificDate(720));
    assert.equal(card.frontDocumentId, front, 'the copies on file were kept');

    await page.getByRole('button', { name: /^Remove the .+ card expiring/ }).click();
    await page.getByRole('button', { name: 'Yes, remove it' }).click();
    await page.getByText('Card removed.').waitFor();
    await page.getByText('No card on file yet.').waitFor();
  });
});

describe('notifications', () => {
  test('a decided petition is listed unread in the nav, opens its page and is then read', async () => {
    const documentId = await uploadPdf('petition.pdf');
    const filed = await page.request.post(`/api/v1${base}/petitions`, {
      data: { title: 'Trail running clinic', providerName: 'Hill Academy', area: 'exercise-technique', contactHours: 4, completedOn: pacificDate(-10), documentId },
    });
    assert.equal(filed.status(), 201, await filed.text());
    const paid = await page.request.post('/api/v1/me/cart/checkout', { data: { paymentToken: 'tok_visa' } });
    assert.equal(paid.status(), 200, await paid.text());
    const denied = await office.request.post(`/api/v1/staff/petitions/${(await filed.json()).id}/deny`, { data: { reason: 'Not fitness related.' } });
    assert.equal(denied.status(), 200, await denied.text());

    await page.goto(base);
    const link = page.getByRole('link', { name: 'Notifications, 1 unread' });
    await link.waitFor();
    await link.click();
    await page.waitForFunction(() => document.title === 'Notifications — Recert');
    await shot(page, 'notifications');
    await page.getByRole('link', { name: 'Your petition for "Trail running clinic" is denied' }).click();
    await page.waitForURL(`**${base}/petitions`);
    await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
  });
});

describe('manners', () => {
  test('a deep link survives signing in, query string and all', async () => {
    const visitor = await newPage(browser);
    try {
      await visitor.goto(`${base}/transcript?from=email`);
      await visitor.waitForURL('**/sign-in');
      await visitor.getByLabel('Email').fill(person.email);
      await visitor.getByLabel('Password').fill(person.password);
      await visitor.getByRole('button', { name: 'Sign in' }).click();
      await visitor.waitForURL(`**${base}/transcript?from=email`);
      await visitor.getByRole('heading', { name: 'CE transcript' }).waitFor();
      assert.deepEqual(visitor.problems, []);
    } finally {
      await visitor.context().close();
    }
  });

  test('every page has its own title', async () => {
    const expected = [
      [base, 'Dashboard — Recert'],
      [`${base}/transcript`, 'Transcript — Recert'],
      [`${base}/ceus/new`, 'Add CEUs — Recert'],
      [`${base}/petitions`, 'Petitions — Recert'],
      [`${base}/cart`, 'Payments — Recert'],
      ['/help', 'Help — Recert'],
    ];
    for (const [path, title] of expected) {
      await page.goto(path);
      await page.waitForFunction((want) => document.title === want, title);
    }
    await office.goto('/staff/queues');
    await office.waitForFunction(() => document.title === 'Queues — Recert');
  });
});
