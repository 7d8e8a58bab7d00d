// Reads the emails the API sent from the smtp4dev inbox (started by run.mjs / dev-api.mjs; its URL in E2E_MAIL_URL),
// through smtp4dev's REST API: GET /api/messages lists them, GET /api/messages/{id}/plaintext gives a body.
import assert from 'node:assert/strict';

export const mailUrl = process.env.E2E_MAIL_URL;

/** Waits for the newest email to `to` whose subject contains `subject`, and returns the link in it that contains `path`. */
export async function emailedLink(to, subject, path, { timeout = 45_000 } = {}) {
  assert.ok(mailUrl, 'E2E_MAIL_URL is not set: run the suite with npm run test:e2e, or start node e2e/dev-api.mjs and pass the inbox URL it prints.');
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const response = await fetch(`${mailUrl}/api/messages?pageSize=200`);
    assert.equal(response.status, 200, `smtp4dev answered ${response.status}`);
    const { results } = await response.json();
    const matching = results
      .filter((m) => m.to.some((address) => address.toLowerCase() === to.toLowerCase()) && m.subject.includes(subject))
      .sort((a, b) => b.receivedDate.localeCompare(a.receivedDate));
    if (matching.length > 0) {
      const text = await (await fetch(`${mailUrl}/api/messages/${matching[0].id}/plaintext`)).text();
      const link = text.match(/https?:\/\/\S+/g)?.find((url) => url.includes(path));
      assert.ok(link, `The email "${matching[0].subject}" to ${to} has no link to ${path}:\n${text}`);
      return link;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`No email "${subject}" to ${to} arrived in ${mailUrl} within ${timeout / 1000} s.`);
}

/** Signs up through the SPA, opens the verification email's link from the inbox, then signs in. */
export async function signUpAndVerify(page, { firstName, lastName, email, password }) {
  await page.goto('/sign-up');
  await page.getByLabel('First name').fill(firstName);
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  const link = await emailedLink(email, 'Confirm your email address', '/verify-email?token=');
  await page.goto(link);
  await page.getByRole('heading', { name: 'Email confirmed' }).waitFor();
  await page.getByRole('link', { name: 'Sign in' }).last().click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
