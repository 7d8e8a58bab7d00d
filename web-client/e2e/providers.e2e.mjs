import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, launch, newPage, pacificDate, shot, signIn } from './browser.mjs';
import { createCertificant, staff } from './fixtures.mjs';

// The file's own certificant: the demo data stays as seeded for the other files.
const learner = { number: 'CPT-400004', firstName: 'Lee', lastName: 'Lane', email: 'lee.lane@example.org', password: 'lee-password-2026' };
const provider = { name: 'Peak Motion Institute', contact: 'Jordan Hale', email: 'partners@peakmotion.example' };
const course = { code: 'MOB-301', title: 'Mobility for Active Aging', ceus: '0.5' };
const externalId = `e2e-mob-${Date.now()}`;
let browser;
let apiKey;

before(async () => {
  browser = await launch();
  await createCertificant(learner);
});
after(async () => {
  await browser?.close();
});

const partner = (key, path, init = {}) =>
  fetch(new URL(path, baseUrl), { ...init, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...init.headers } });

describe('staff sets up a course provider', () => {
  let page;
  before(async () => {
    page = await newPage(browser);
    await signIn(page, staff.email, staff.password);
    await page.waitForURL('**/staff');
  });
  after(async () => {
    assert.deepEqual(page.problems, [], 'no uncaught errors in the page');
    await page.context().close();
  });

  test('creates a provider (field errors first) and finds it in the list', async () => {
    await page.getByRole('link', { name: 'Providers', exact: true }).click();
    await page.getByRole('heading', { name: 'Course providers' }).waitFor();
    await page.getByText('Demo Fitness Academy').waitFor();
    await page.getByRole('button', { name: 'Add provider' }).click();
    await page.locator('#provider-name-error', { hasText: 'Enter the provider’s name.' }).waitFor();
    await page.locator('#provider-approvedFrom-error', { hasText: 'Enter the first day' }).waitFor();

    await page.getByLabel('Name', { exact: true }).fill(provider.name);
    await page.getByLabel('Contact name', { exact: true }).fill(provider.contact);
    await page.getByLabel('Contact email', { exact: true }).fill(provider.email);
    await page.getByLabel('Approved from').fill(pacificDate(-400));
    await page.getByLabel('Approved until').fill(pacificDate(400));
    await page.getByRole('button', { name: 'Add provider' }).click();
    await page.getByRole('heading', { name: provider.name }).waitFor();
    await page.getByText('Provider added.').waitFor();

    await page.getByRole('link', { name: '← All providers' }).click();
    await page.getByLabel('Search providers by name or contact email').fill('peakmotion');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('1 provider · page 1 of 1').waitFor();
    await shot(page, 'staff-providers');
    await page.getByRole('link', { name: provider.name }).click();
    await page.getByRole('heading', { name: provider.name }).waitFor();
  });

  test('the API refuses a second provider with the same name, next to the name', async () => {
    await page.goto('/staff/providers');
    await page.getByLabel('Name', { exact: true }).fill(provider.name);
    await page.getByLabel('Contact email', { exact: true }).fill(provider.email);
    await page.getByLabel('Approved from').fill(pacificDate(-1));
    await page.getByLabel('Approved until').fill(pacificDate(1));
    await page.getByRole('button', { name: 'Add provider' }).click();
    await page.locator('#provider-name-error', { hasText: 'already exists' }).waitFor();
    await page.getByRole('link', { name: provider.name }).click();
    await page.getByRole('heading', { name: provider.name }).waitFor();
  });

  test('adds a course, with errors from the form and from the API next to their fields', async () => {
    await page.getByLabel('Code', { exact: true }).fill(course.code);
    await page.getByLabel('CEUs', { exact: true }).fill('0.125');
    await page.getByLabel('Title', { exact: true }).fill(course.title);
    await page.getByRole('button', { name: 'Add course' }).click();
    await page.locator('#course-ceus-error', { hasText: 'at most two decimals' }).waitFor();
    await page.locator('#course-area-error', { hasText: 'Choose the content area.' }).waitFor();

    await page.getByLabel('CEUs', { exact: true }).fill(course.ceus);
    await page.getByLabel('Area', { exact: true }).selectOption('program-design');
    await page.getByLabel('Approved from').fill(pacificDate(-400));
    await page.getByLabel('Approved until').fill(pacificDate(400));
    await page.getByLabel('xAPI activity id').fill('https://lms.peakmotion.example/courses/mob-301');
    await page.getByRole('button', { name: 'Add course' }).click();
    await page.getByText(`${course.code} ${course.title} added.`).waitFor();
    assert.match(await page.locator('tr', { hasText: course.title }).innerText(), /0\.5[\s\S]*–/);

    // The same code again: the API's 409 is shown next to the code.
    await page.getByLabel('Code', { exact: true }).fill(course.code.toLowerCase());
    await page.getByLabel('CEUs', { exact: true }).fill('1');
    await page.getByLabel('Title', { exact: true }).fill('Duplicate');
    await page.getByLabel('Area', { exact: true }).selectOption('assessment');
    await page.getByLabel('Approved from').fill(pacificDate(-1));
    await page.getByLabel('Approved until').fill(pacificDate(1));
    await page.getByRole('button', { name: 'Add course' }).click();
    await page.locator('#course-code-error', { hasText: 'already has a course MOB-301' }).waitFor();
  });

  test('suspends and reinstates the provider', async () => {
    await page.getByRole('button', { name: 'Suspend…' }).click();
    await page.getByRole('button', { name: 'Suspend now' }).click();
    await page.locator('.badge', { hasText: 'Suspended' }).waitFor();
    await page.getByRole('button', { name: 'Reinstate' }).click();
    await page.locator('.badge', { hasText: 'Approved' }).first().waitFor();
  });

  test('issues an API key shown once, then only its prefix; revokes a second key', async () => {
    await page.getByLabel('Key name').fill('production');
    await page.getByRole('button', { name: 'Issue key' }).click();
    const dialog = page.getByRole('dialog', { name: `API key for ${provider.name}` });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /it will not be shown again/);
    apiKey = await page.getByTestId('issued-key').inputValue();
    assert.match(apiKey, /^rcp_[a-z0-9]+_/);
    const prefix = apiKey.split('_')[1];
    await dialog.getByRole('button', { name: 'I have stored the key' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await page.content()).includes(apiKey), false, 'the key is gone once the dialog closes');
    await page.locator(`li[data-key-prefix="${prefix}"]`, { hasText: 'production' }).waitFor();

    await page.getByLabel('Key name').fill('to-revoke');
    await page.getByRole('button', { name: 'Issue key' }).click();
    const second = await page.getByTestId('issued-key').inputValue();
    await page.getByRole('button', { name: 'I have stored the key' }).click();
    assert.equal((await partner(second, '/api/v1/provider/courses')).status, 200);
    await page.getByRole('button', { name: /^Revoke to-revoke/ }).click();
    await page.getByRole('button', { name: 'Revoke now' }).click();
    await page.locator('li', { hasText: 'to-revoke' }).locator('.badge', { hasText: 'Revoked' }).waitFor();
    assert.equal((await partner(second, '/api/v1/provider/courses')).status, 401, 'a revoked key is refused at once');
    await shot(page, 'staff-provider-detail');
  });
});

test('the provider pushes a completion with its key', async () => {
  assert.ok(apiKey, 'a key was issued above');
  const response = await partner(apiKey, '/api/v1/completions', {
    method: 'POST',
    body: JSON.stringify({
      completions: [{ externalId, courseCode: course.code, certificationNumber: learner.number, lastName: learner.lastName, completedOn: pacificDate(-3) }],
    }),
  });
  assert.equal(response.status, 200);
  const answer = await response.json();
  assert.equal(answer.accepted, 1, JSON.stringify(answer));
  assert.equal(answer.results[0].result, 'accepted');
});

describe('certificant and the public see the provider', () => {
  test('the certificant’s transcript counts the provider course, and the providers page lists it', async () => {
    const page = await newPage(browser);
    try {
      await signIn(page, learner.email, learner.password);
      await page.waitForURL(`**/certifications/${learner.number}`);
      await page.getByRole('link', { name: 'Transcript', exact: true }).first().click();
      const row = page.locator('tr', { hasText: course.title });
      await row.waitFor();
      assert.match(await row.innerText(), /Approved provider[\s\S]*0\.5[\s\S]*Counts/);

      await page.getByRole('link', { name: 'Providers', exact: true }).first().click();
      await page.getByRole('heading', { name: 'Approved providers' }).waitFor();
      await page.getByRole('link', { name: 'CE transcript' }).waitFor();
      await page.getByRole('heading', { name: provider.name }).waitFor();
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });

  test('anyone can search approved providers and see a provider’s courses', async () => {
    const page = await newPage(browser);
    try {
      await page.goto('/providers');
      await page.getByRole('heading', { name: 'Approved providers' }).waitFor();
      await page.getByText('appears in').first().waitFor();
      await page.getByLabel('Search by provider, course title or code').fill('mobility');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText('1 approved provider · page 1 of 1').waitFor();
      const item = page.locator('article', { hasText: provider.name });
      assert.match(await item.innerText(), /1 approved course/);
      await item.getByRole('button', { name: 'Show courses' }).click();
      const courseRow = item.locator('li', { hasText: course.title });
      await courseRow.waitFor();
      assert.match(await courseRow.innerText(), /MOB-301[\s\S]*Program design[\s\S]*0\.5 CEU/);
      await shot(page, 'providers-public');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });
});

test('the provider voids the completion', async () => {
  const response = await partner(apiKey, `/api/v1/completions/${encodeURIComponent(externalId)}`, { method: 'DELETE' });
  assert.equal(response.status, 200);
  assert.equal((await response.json()).state, 'voided');
});

/** On a phone: a flush card's sections pad themselves once (not the card's padding plus theirs), and the search
 *  box's placeholder fits in it. Measured in the page: text width with the input's own font vs its content box. */
test('on a phone the provider lists are padded once and their search placeholders fit', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  const layout = (heading, search) => page.evaluate(({ heading, search }) => {
    const h2 = [...document.querySelectorAll('main h2')].find((h) => h.textContent === heading);
    const card = h2.closest('.card');
    const input = document.querySelector(search);
    const style = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d');
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return { inset: h2.getBoundingClientRect().left - card.getBoundingClientRect().left, text: context.measureText(input.placeholder).width, room };
  }, { heading, search });
  try {
    await page.goto('/providers');
    await page.getByRole('heading', { name: 'Demo Fitness Academy' }).waitFor();
    const open = await layout('Providers', '#public-provider-search');
    await signIn(page, staff.email, staff.password);
    await page.waitForURL('**/staff');
    await page.goto('/staff/providers');
    await page.getByRole('link', { name: 'Demo Fitness Academy' }).waitFor();
    const office = await layout('Providers', 'main form[role="search"] input');
    for (const [name, measured] of Object.entries({ open, office })) {
      assert.ok(measured.inset <= 20, `${name}: the list's heading sits ${measured.inset}px inside its card (padded twice?)`);
      assert.ok(measured.text <= measured.room, `${name}: the placeholder needs ${measured.text}px, the box has ${measured.room}px`);
    }
  } finally {
    await page.context().close();
  }
});
