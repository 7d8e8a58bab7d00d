import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, pacificDate, pdf, shot, signIn } from './browser.mjs';
import { emailedLink } from './mail.mjs';

const demo = { email: 'demo@recert.local', password: 'demo-password-2026', number: 'CPT-100001' };
const staff = { email: 'staff@recert.local', password: 'back-office-keys-2026' };
const registered = { number: 'CPT-200002', lastName: 'Okafor' }; // the e2e database is recreated for every run
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('certificant renews CPT-100001', () => {
  let page;
  before(async () => {
    page = await newPage(browser);
  });
  after(async () => {
    assert.deepEqual(page.problems, [], 'no uncaught errors in the page');
    await page.context().close();
  });

  test('signs in and sees eligibility with every unmet rule and what to do', async () => {
    await signIn(page, demo.email, demo.password);
    await page.waitForURL(`**/certifications/${demo.number}`);
    await page.getByRole('heading', { name: 'Before you can renew' }).waitFor();
    for (const code of ['ceu.short', 'cpr.missing', 'aed.missing']) {
      await page.locator(`li[data-code="${code}"]`).waitFor();
    }
    assert.match(await page.locator('li[data-code="ceu.short"]').innerText(), /0\.6 CEU more needed[\s\S]*Add CEUs/);
    assert.match(await page.locator('li[data-code="cpr.missing"]').innerText(), /Add CPR\/AED card/);
    assert.equal(await page.getByTestId('days-to-expiry').innerText().then((t) => t.split(/\s/)[0]), '60');
    assert.match(await page.locator('.summary .deadline').first().innerText(), /end of day Pacific Time/, 'the deadline names its time zone');
    assert.equal(await page.getByRole('img', { name: '1.4 of 2.0 CEUs counted' }).count(), 1);
    await shot(page, 'dashboard');
  });

  test('the transcript shows each activity, its source and why it does not count', async () => {
    await page.getByRole('link', { name: 'Transcript', exact: true }).first().click();
    await page.getByRole('heading', { name: 'CE transcript' }).waitFor();
    await page.getByText('Corrective Exercise Foundations').waitFor();
    const previous = page.locator('tr', { hasText: 'Assessment Refresher (previous cycle)' });
    assert.match(await previous.innerText(), /Does not count[\s\S]*before this cycle started/);
    await shot(page, 'transcript');
  });

  test('adds a 0.6-CEU other activity with a dropped certificate', async () => {
    await page.goto(`/certifications/${demo.number}`);
    await page.locator('li[data-code="ceu.short"]').getByRole('link', { name: 'Add CEUs' }).click();
    await page.getByRole('heading', { name: 'Add CEUs' }).waitFor();

    await page.getByRole('button', { name: 'Add activity' }).click();
    await page.locator('#ceu-title-error', { hasText: 'Enter the title' }).waitFor();

    await page.getByLabel('Course or event title').fill('Kettlebell Workshop');
    await page.getByLabel('Area').selectOption('exercise-technique');
    await page.getByLabel('Amount in CEUs').fill('0.6');
    await page.getByLabel('Completed on').fill(pacificDate(-10));
    const file = pdf('kettlebell-certificate.pdf');
    const dataTransfer = await page.evaluateHandle(({ name, base64 }) => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], name, { type: 'application/pdf' }));
      return transfer;
    }, { name: file.name, base64: file.buffer.toString('base64') });
    await page.getByTestId('drop-certificate').dispatchEvent('drop', { dataTransfer });
    await page.getByText('kettlebell-certificate.pdf uploaded').waitFor();
    await shot(page, 'add-ceu');

    await page.getByRole('button', { name: 'Add activity' }).click();
    await page.getByRole('heading', { name: 'CE transcript' }).waitFor();
    const row = page.locator('tr', { hasText: 'Kettlebell Workshop' });
    assert.match(await row.innerText(), /0\.6[\s\S]*Counts/);
    await page.getByRole('img', { name: '2.0 of 2.0 CEUs counted' }).first().waitFor();
  });

  test('adds a CPR/AED card with front and back copies', async () => {
    await page.getByRole('link', { name: 'CPR/AED', exact: true }).click();
    await page.getByRole('heading', { name: 'CPR and AED' }).waitFor();
    await page.getByText('No card on file yet.').waitFor();
    await page.getByLabel('Issuer').selectOption('American Red Cross');
    await page.getByLabel('Issued on').fill(pacificDate(-30));
    await page.getByLabel('Expires on').fill(pacificDate(700));
    await page.getByLabel('The course included a hands-on skills component').check();
    await page.locator('input[name="front"]').setInputFiles(pdf('card-front.pdf'));
    await page.locator('input[name="back"]').setInputFiles(pdf('card-back.pdf'));
    await page.getByText('card-front.pdf uploaded').waitFor();
    await page.getByText('card-back.pdf uploaded').waitFor();
    await shot(page, 'cpr-aed');
    await page.getByRole('button', { name: 'Save card' }).click();
    await page.getByText('Card saved.').waitFor();
    const card = page.locator('.card-list__item', { hasText: 'American Red Cross' });
    assert.match(await card.innerText(), /Combined CPR\/AED[\s\S]*Current/);
  });

  test('becomes eligible', async () => {
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.getByRole('heading', { name: 'You can renew' }).waitFor();
    assert.equal(await page.locator('.unmet__item').count(), 0);
    assert.match(await page.locator('#cpr-heading').locator('..').locator('..').innerText(), /Adult CPR\s*Current[\s\S]*AED\s*Current/);
  });

  test('what-if shows the window and fees on another date', async () => {
    await page.getByRole('link', { name: 'What if' }).click();
    await page.getByLabel('Application received on').fill(pacificDate(90));
    await page.getByRole('button', { name: 'Check this date' }).click();
    await page.waitForURL(`**/what-if?on=${pacificDate(90)}`);
    await page.getByText('Late (within 90 days after expiry)').first().waitFor();
    const renew = page.locator('section', { has: page.getByRole('heading', { name: 'Renew', exact: true }) });
    assert.match(await renew.innerText(), /Renewal fee\s*\$99\.00[\s\S]*Late fee\s*\$30\.00[\s\S]*Total\s*\$129\.00/);
    await shot(page, 'what-if');
  });

  test('chooses a plan, sees the fee breakdown and submits the renewal', async () => {
    await page.getByRole('link', { name: 'Renew', exact: true }).click();
    await page.getByRole('heading', { name: 'Renew your certification' }).waitFor();
    await page.getByLabel(/Certify for Life/).check();
    await page.getByRole('button', { name: 'Submit Certify for Life application' }).waitFor();
    await page.getByLabel(/^Renew/).check();
    assert.match(await page.locator('.plan--selected').innerText(), /Renewal fee\s*\$99\.00/);
    await shot(page, 'renewal');
    await page.getByRole('button', { name: 'Submit Renew application' }).click();
    await page.getByText('Application submitted.').waitFor();
    const application = page.getByTestId('application');
    assert.match(await application.innerText(), /Submitted — awaiting payment[\s\S]*Renew[\s\S]*Total\s*\$99\.00/);
    await shot(page, 'application');
  });

  test('continues to the cart, is declined with tok_declined, still owes the fee, then pays with tok_visa', async () => {
    await page.getByRole('link', { name: 'Continue to the cart' }).click();
    await page.getByRole('heading', { name: 'Cart and checkout' }).waitFor();
    assert.match(await page.getByRole('table', { name: 'Your cart' }).innerText(), /Renewal[\s\S]*CPT-100001[\s\S]*\$99\.00[\s\S]*Total\s*\$99\.00/);
    await shot(page, 'cart');

    await page.getByText('Test card tokens').click();
    await page.getByRole('button', { name: 'tok_declined' }).click();
    assert.equal(await page.getByLabel('Card (sandbox test token)').inputValue(), 'tok_declined');
    await page.getByRole('button', { name: 'Pay $99.00' }).click();
    await page.locator('#pay-token-error', { hasText: 'Nothing was charged; your cart is still open' }).waitFor();
    assert.equal(await page.getByLabel('Card (sandbox test token)').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByTestId('cart-total').innerText(), '$99.00', 'the cart is still payable');
    await shot(page, 'checkout-declined');

    await page.getByLabel('Card (sandbox test token)').fill('tok_visa');
    const pay = page.getByRole('button', { name: 'Pay $99.00' });
    const checkouts = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/me/cart/checkout')) checkouts.push(request);
    });
    await pay.dblclick();
    await page.getByRole('heading', { name: 'Thank you — payment received' }).waitFor();
    assert.equal(checkouts.length, 1, 'a double click sends one payment');
    const receipt = page.getByTestId('receipt');
    assert.match(await receipt.innerText(), /\$99\.00[\s\S]*Gateway reference\s*ch_sandbox_\w+[\s\S]*Renewal of CPT-100001/i);
    assert.match(await page.getByTestId('application-status').innerText(), /Approved[\s\S]*renewed[\s\S]*valid until/);
    await shot(page, 'confirmation');

    await page.getByRole('link', { name: 'All receipts' }).click();
    await page.getByRole('heading', { name: 'Receipts' }).waitFor();
    assert.equal(await page.locator('tbody tr').count(), 1);
    await page.getByRole('link', { name: 'Payments', exact: true }).click();
    await page.getByText('Your cart is empty: nothing to pay.').waitFor();
  });

  test('help shows the advisors’ hours and whether they are available now', async () => {
    // The page reads the browser's clock: fix it to a Tuesday at 10 am Pacific, then a Saturday at 8 pm.
    await page.clock.setFixedTime(new Date('2026-12-01T18:00:00Z'));
    await page.getByRole('link', { name: 'Help', exact: true }).first().click();
    await page.getByText('800-460-6276').first().waitFor();
    assert.equal(await page.getByTestId('advisor-availability').innerText(), 'Available now, until 6 pm Pacific time.');
    await shot(page, 'help');

    await page.clock.setFixedTime(new Date('2026-12-06T04:00:00Z'));
    await page.reload();
    await page.getByText('800-460-6276').first().waitFor();
    assert.equal(await page.getByTestId('advisor-availability').innerText(), 'Closed now — opens tomorrow (Sun) at 7 am Pacific time.');
  });
});

describe('staff back office', () => {
  let page;
  before(async () => {
    page = await newPage(browser);
    await signIn(page, staff.email, staff.password);
    await page.waitForURL('**/staff');
  });
  after(async () => {
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('looks up a certification by number', async () => {
    await page.getByLabel('Number, name or email').fill(demo.number);
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('heading', { name: demo.number }).waitFor();
    await page.locator('td[data-label="Activity"]', { hasText: 'Kettlebell Workshop' }).first().waitFor();
    assert.match(await page.locator('section', { hasText: 'Applications' }).last().innerText(), /Approved/);
    await shot(page, 'staff-lookup');
  });

  test('changes the fee schedule (dollars on screen, cents on the wire)', async () => {
    await page.getByRole('link', { name: 'Fee schedule' }).click();
    const renewal = page.getByLabel('Renewal (USD)');
    await renewal.waitFor();
    assert.equal(await renewal.inputValue(), '99.00');
    await renewal.fill('abc');
    await page.getByRole('button', { name: 'Save fees' }).click();
    await page.getByText('Enter an amount in dollars').waitFor();
    const sent = page.waitForRequest((request) => request.method() === 'PUT' && request.url().endsWith('/api/v1/fee-schedule'));
    await renewal.fill('109.50');
    await page.getByRole('button', { name: 'Save fees' }).click();
    assert.equal(JSON.parse((await sent).postData()).renewalCents, 10950);
    await page.getByText('Fees saved; in force from today.').waitFor();
    await page.locator('tr.row--current', { hasText: '$109.50' }).waitFor();
    await shot(page, 'fee-schedule');
  });

  test('registers a certification for a trainer without an account', async () => {
    await page.getByRole('link', { name: 'Register', exact: true }).click();
    await page.getByLabel('Certification number').fill(registered.number);
    await page.getByLabel('First name').fill('Sam');
    await page.getByLabel('Last name').fill(registered.lastName);
    await page.getByLabel('Email').fill('sam.okafor@example.org');
    await page.getByLabel('Cycle start').fill(pacificDate(-300));
    await page.getByRole('button', { name: 'Register' }).click();
    await page.locator('#reg-expiresOn-error', { hasText: 'Enter the last day' }).waitFor();
    await page.getByLabel('Expires on (last valid day)').fill(pacificDate(-301));
    await page.getByRole('button', { name: 'Register' }).click();
    await page.locator('#reg-expiresOn-error', { hasText: 'expiresOn must be after cycleStart.' }).waitFor();
    await page.getByLabel('Expires on (last valid day)').fill(pacificDate(430));
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('status').filter({ hasText: `Registered ${registered.number}` }).waitFor();
    await shot(page, 'staff-register');
  });
});

test('a new user signs up, sees the claim screen and claims the certification staff registered through the emailed link', async () => {
  const page = await newPage(browser);
  const email = `sam.${Date.now()}@example.com`;
  await page.goto('/sign-up');
  await page.getByLabel('First name').fill('Sam');
  await page.getByLabel('Last name').fill('Okafor');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.locator('#password-error').filter({ hasText: /\S/ }).waitFor();
  await page.getByLabel('Password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await signIn(page, email, 'a-long-enough-password');
  await page.getByRole('heading', { name: 'Claim your certification' }).waitFor();
  assert.equal(await page.getByLabel('Last name on the certification').inputValue(), 'Okafor');
  // An unknown number gets the same answer as a real one: a claim must not tell which numbers exist.
  await page.getByLabel('Certification number').fill('CPT-999999');
  await page.getByRole('button', { name: 'Claim certification' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await page.getByRole('button', { name: 'Claim another number' }).click();
  await shot(page, 'claim');
  await page.getByLabel('Certification number').fill(registered.number);
  await page.getByRole('button', { name: 'Claim certification' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await page.goto(await emailedLink('sam.okafor@example.org', `Confirm that ${registered.number} is yours`, '/confirm-claim?token='));
  await page.waitForURL(`**/certifications/${registered.number}`);
  await page.getByRole('heading', { name: 'Hello, Sam' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a phone-sized screen shows the dashboard without horizontal scrolling', async () => {
  const page = await newPage(browser, { width: 375, height: 740 });
  await signIn(page, demo.email, demo.password);
  await page.getByRole('heading', { name: 'Continuing education' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.locator('#main-nav').getByRole('link', { name: 'Transcript' }).waitFor();
  await page.getByRole('button', { name: 'Menu' }).click();
  await shot(page, 'dashboard-phone');
  const fitsTheScreen = async (what) => {
    await page.waitForLoadState('networkidle');
    const wider = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wider <= 0, `${what} is ${wider}px wider than the screen`);
  };
  await page.goto(`/certifications/${demo.number}/receipts`);
  await page.getByRole('heading', { name: 'Receipts', exact: true }).waitFor();
  await fitsTheScreen('the receipts list');
  await page.locator('tbody a').first().click();
  await page.getByTestId('receipt').waitFor();
  await fitsTheScreen('the receipt');
  await page.goto(`/certifications/${demo.number}/petitions/new`);
  await page.getByRole('heading', { name: 'Petition a course' }).waitFor();
  await fitsTheScreen('the petition form');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
