// Accounts (issue 9): a new certificant verifies the email from the smtp4dev inbox, claims a certification through the
// link emailed to its address on file; staff approve a claim of a certification that has no email on file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, pacificDate, shot, signIn } from './browser.mjs';
import { emailedLink, signUpAndVerify } from './mail.mjs';

const staff = { email: 'staff@recert.local', password: 'back-office-keys-2026' };
const stamp = Date.now().toString(36);
const lee = { firstName: 'Lee', lastName: 'Nakamura', email: `lee.${stamp}@example.com`, password: 'lee-password-2026' };
const onFile = { number: `CPT-A${stamp}`.toUpperCase(), email: `lee.old.${stamp}@example.org` };
const noEmail = { number: `CPT-B${stamp}`.toUpperCase() };

let browser;
let office;
let page;
before(async () => {
  browser = await launch();
  office = await newPage(browser);
  await signIn(office, staff.email, staff.password);
  await office.waitForURL('**/staff');
  for (const [number, email] of [[onFile.number, onFile.email], [noEmail.number, '']]) {
    const created = await office.request.post('/api/v1/certifications', {
      data: { number, credential: 'CPT', firstName: lee.firstName, lastName: lee.lastName, email, cycleStart: pacificDate(-200), expiresOn: pacificDate(530) },
    });
    assert.equal(created.status(), 201, await created.text());
  }
  page = await newPage(browser);
});
after(async () => {
  assert.deepEqual(page?.problems ?? [], [], 'no uncaught errors in the certificant’s page');
  assert.deepEqual(office?.problems ?? [], [], 'no uncaught errors in the back office');
  await browser?.close();
});

describe('a new certificant', () => {
  test('signs up, reads the verification email in the inbox, verifies and signs in', async () => {
    await page.goto('/sign-up');
    await page.getByLabel('First name').fill(lee.firstName);
    await page.getByLabel('Last name').fill(lee.lastName);
    await page.getByLabel('Email').fill(lee.email);
    await page.getByLabel('Password').fill(lee.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await page.getByText(lee.email).first().waitFor();
    await shot(page, 'check-email');

    const link = await emailedLink(lee.email, 'Confirm your email address', '/verify-email?token=');
    assert.ok(link.startsWith(new URL(page.url()).origin), `the link leads back into the portal: ${link}`);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Email confirmed' }).waitFor();
    await shot(page, 'email-confirmed');

    // The same link a second time: used, with a way to get a new one.
    await page.goto(link);
    await page.getByRole('heading', { name: 'This link can no longer be used' }).waitFor();
    await page.getByText('This link was already used.').waitFor();
    await page.getByRole('button', { name: 'Send a new link' }).waitFor();
    await shot(page, 'link-used');

    await signIn(page, lee.email, lee.password);
    await page.getByRole('heading', { name: 'Claim your certification' }).waitFor();
    assert.equal(await page.getByText('Confirm your email first.').count(), 0, 'a verified account is not asked to confirm again');
  });

  test('claims a certification by number and last name, and it joins the account only through the emailed link', async () => {
    await page.getByLabel('Certification number').fill(onFile.number);
    await page.getByRole('button', { name: 'Claim certification' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await shot(page, 'claim-sent');
    await page.goto('/');
    await page.waitForURL('**/claim');

    const link = await emailedLink(onFile.email, `Confirm that ${onFile.number} is yours`, '/confirm-claim?token=');
    await page.goto(link);
    await page.waitForURL(`**/certifications/${onFile.number}`);
    await page.getByRole('heading', { name: `Hello, ${lee.firstName}` }).waitFor();
  });

  test('changes the account email: a link goes to the new address, the account keeps its address until then', async () => {
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    // The account page also changes the password: the email form has a current-password field of its own.
    const change = page.getByRole('form', { name: 'Change email address' });
    await change.getByLabel('New email').fill(`lee.new.${stamp}@example.com`);
    await change.getByLabel('Current password').fill('not-my-password');
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    await page.locator('#current-password-error', { hasText: 'The current password is not correct.' }).waitFor();
    await change.getByLabel('Current password').fill(lee.password);
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    await page.getByRole('status').filter({ hasText: 'We sent a link to the new address' }).waitFor();
    await shot(page, 'account-email');
    await emailedLink(lee.email, 'Your Recert email address is being changed', '/sign-in');
  });

  test('a claim of a certification with no email on file waits for staff, who approve it', async () => {
    await page.goto('/claim');
    await page.getByLabel('Certification number').fill(noEmail.number);
    await page.getByRole('button', { name: 'Claim certification' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();

    await office.getByRole('link', { name: 'Claims', exact: true }).click();
    const request = office.getByTestId('claim-request').filter({ hasText: noEmail.number });
    await request.waitFor();
    assert.match(await request.innerText(), new RegExp(`${lee.email}[\\s\\S]*email confirmed`));
    await shot(office, 'staff-claims');
    await request.getByRole('button', { name: 'Approve' }).click();
    await office.getByText(`${noEmail.number}: approved for ${lee.email}`).waitFor();

    await emailedLink(lee.email, `${noEmail.number} is now in your Recert account`, '/');
    await page.goto(`/certifications/${noEmail.number}`);
    await page.getByRole('heading', { name: `Hello, ${lee.firstName}` }).waitFor();
  });
});

test('a forged verification link shows a clear page with "send a new link"', async () => {
  const stranger = await newPage(browser);
  await stranger.goto('/verify-email?token=not-a-real-token');
  await stranger.getByRole('heading', { name: 'This link does not work' }).waitFor();
  await stranger.getByLabel('Email').fill(`nobody.${stamp}@example.com`);
  await stranger.getByRole('button', { name: 'Send a new link' }).click();
  await stranger.getByRole('status').filter({ hasText: 'If the address has an account' }).waitFor();
  await shot(stranger, 'link-invalid');
  assert.deepEqual(stranger.problems, []);
  await stranger.context().close();
});
