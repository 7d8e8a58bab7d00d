// Issue 9: a password reset through the emailed link, and a staff sign-in with TOTP (enrolment, then a code).
// Creates its own certificant through the API, so it runs alone or after the other files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, newPage, shot, signIn } from './browser.mjs';
import { registerVerified } from './fixtures.mjs';
import { emailedLink } from './mail.mjs';

const staff = { email: 'staff@recert.local', password: 'back-office-keys-2026' };
const sam = { firstName: 'Sam', lastName: 'Okoye', email: `sam.okoye.${Date.now()}@example.org`, password: 'sam-first-password-2026' };
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('forgot password: the emailed link works once and ends the other sessions', () => {
  test('reset through the link, sign in with the new password', async () => {
    const other = await newPage(browser);
    await registerVerified(other.request, sam);
    assert.equal((await other.request.get('/api/v1/me')).status(), 200);

    const page = await newPage(browser);
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(sam.email);
    await shot(page, 'forgot-password');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('status').getByText('we sent it a link').waitFor();

    const link = new URL(await emailedLink(sam.email, 'Reset your Recert password', '/reset-password?token='));
    await page.goto(`/reset-password${link.search}`);
    await page.getByLabel('New password').fill('password1234');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('most common passwords').first().waitFor();
    await shot(page, 'reset-password');
    await page.getByLabel('New password').fill('sam-second-password-2026');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('Your password is changed').waitFor();
    assert.equal((await other.request.get('/api/v1/me')).status(), 401, 'the other session ended');

    await page.goto(`/reset-password${link.search}`);
    await page.getByLabel('New password').fill('sam-third-password-2026');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByRole('link', { name: 'Send a new link' }).waitFor();
    await shot(page, 'reset-link-used');

    await signIn(page, sam.email, 'sam-second-password-2026');
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    await shot(page, 'account');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-my-data').click()]);
    assert.match(download.suggestedFilename(), /^recert-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(data.account.email, sam.email);
    assert.equal(data.account.lastName, sam.lastName);
    assert.ok(data.sessions.some((session) => session.endedAt === null), 'this sign-in is listed');
    assert.deepEqual(page.problems, []);
  });
});

describe('staff sign in with TOTP', () => {
  test('enrolment at the first sign-in (or a code), then the staff accounts page', async () => {
    const page = await newPage(browser);
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(staff.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/sign-in\/mfa/);
    if (page.url().endsWith('/enrol')) {
      await page.getByTestId('mfa-manual-key').waitFor();
      await shot(page, 'staff-mfa-enrol');
    }
    // The shared helper finishes the step (and keeps the secret for the other files).
    await signIn(page, staff.email, staff.password);
    await page.goto('/staff/staff-members');
    await page.getByRole('cell', { name: /staff@recert\.local/ }).waitFor();
    await shot(page, 'staff-members');

    const again = await newPage(browser);
    await again.goto('/sign-in');
    await again.getByLabel('Email').fill(staff.email);
    await again.getByLabel('Password').fill(staff.password);
    await again.getByRole('button', { name: 'Sign in' }).click();
    await again.waitForURL(/\/sign-in\/mfa$/);
    assert.equal((await again.request.get('/api/v1/staff/queues')).status(), 401, 'no staff endpoint before the code');
    await shot(again, 'staff-mfa-code');
    await signIn(again, staff.email, staff.password);
    assert.equal((await again.request.get('/api/v1/staff/queues')).status(), 200);
    assert.deepEqual(page.problems, []);
  });
});
