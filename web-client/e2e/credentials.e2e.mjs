// Proof of certification (issue 11): a trainer renewed through the API downloads the certificate and wallet card,
// a stranger opens the verification link in a fresh signed-out browser and sees "active", and the credential verifies
// with the jose library against the published JWKS and status list, until staff revoke it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, newPage, pacificDate, pdf, screenshots, shot, signIn } from './browser.mjs';
import { registerVerified } from './fixtures.mjs';
import { verifyCredential } from '../tools/verify-credential.mjs';

const staff = { email: 'staff@recert.local', password: 'back-office-keys-2026' };
const kim = { number: 'CPT-400011', firstName: 'Kim', lastName: 'Okonkwo', email: 'kim.okonkwo@example.org', password: 'kim-password-2026' };
let browser;

/** Renders page 1 of a PDF to docs/screenshots/<name>.png with poppler's pdftoppm (scripts/poppler.sh installs it). */
function renderPdf(bytes, name) {
  const dir = mkdtempSync(join(tmpdir(), 'recert-pdf-'));
  const file = join(dir, `${name}.pdf`);
  execFileSync('sh', ['-c', 'cat > "$0"', file], { input: bytes });
  execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', file, join(dir, name)]);
  renameSync(join(dir, `${name}.png`), join(screenshots, `${name}.png`));
}

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('proof of certification after renewal', () => {
  let trainer;
  let office;
  let link;

  before(async () => {
    office = await newPage(browser);
    await signIn(office, staff.email, staff.password);
    await office.waitForURL('**/staff');
    const registered = await office.request.post('/api/v1/certifications', {
      data: { number: kim.number, credential: 'CPT', firstName: kim.firstName, lastName: kim.lastName, email: kim.email, cycleStart: pacificDate(-670), expiresOn: pacificDate(60) },
    });
    assert.equal(registered.status(), 201, await registered.text());

    // The trainer's renewal, all through the API: account, a CEU certificate, a CPR/AED card, application, payment.
    trainer = await newPage(browser);
    const api = trainer.request;
    await registerVerified(api, { email: kim.email, password: kim.password, firstName: kim.firstName, lastName: kim.lastName });
    const upload = async () => {
      const response = await api.post('/api/v1/documents', { multipart: { file: pdf('certificate.pdf') } });
      assert.equal(response.status(), 201, await response.text());
      return (await response.json()).id;
    };
    const ceu = await api.post(`/api/v1/certifications/${kim.number}/ceus`, {
      data: { title: 'Strength Coaching Summit', area: 'program-design', ceus: 2.0, completedOn: pacificDate(-30), documentId: await upload() },
    });
    assert.equal(ceu.status(), 201, await ceu.text());
    const card = await api.post(`/api/v1/certifications/${kim.number}/cpr-aed`, {
      data: { kind: 'cpr-aed', provider: 'American Red Cross', issuedOn: pacificDate(-60), expiresOn: pacificDate(670), handsOn: true, frontDocumentId: await upload(), backDocumentId: await upload() },
    });
    assert.equal(card.status(), 201, await card.text());
    const submitted = await api.post(`/api/v1/certifications/${kim.number}/applications`, { data: { plan: 'renew' } });
    assert.equal(submitted.status(), 201, await submitted.text());
    const paid = await api.post('/api/v1/me/cart/checkout', { data: { paymentToken: 'tok_visa' } });
    assert.equal(paid.status(), 200, await paid.text());
    const renewed = await (await api.get(`/api/v1/certifications/${kim.number}`)).json();
    const oldExpiry = pacificDate(60);
    assert.equal(renewed.expiresOn, `${Number(oldExpiry.slice(0, 4)) + 2}${oldExpiry.slice(4)}`, 'the renewal moved the certification to its next cycle');
  });
  after(async () => {
    assert.deepEqual(trainer.problems, [], 'no uncaught errors in the trainer’s page');
    await trainer.context().close();
    await office.context().close();
  });

  test('the trainer downloads the certificate and wallet card from the dashboard', async () => {
    const page = trainer;
    await page.goto(`/certifications/${kim.number}`);
    const proof = page.getByTestId('proof-of-certification');
    await proof.waitFor();
    link = await page.getByTestId('verification-link').inputValue();
    assert.match(link, /\/verify\/c\/[A-Za-z0-9_-]{22}$/);

    const [certificate] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-certificate').click()]);
    assert.equal(certificate.suggestedFilename(), `certificate-${kim.number}.pdf`);
    const certificateBytes = readFileSync(await certificate.path());
    assert.equal(certificateBytes.subarray(0, 5).toString(), '%PDF-');

    const [walletCard] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-wallet-card').click()]);
    const walletBytes = readFileSync(await walletCard.path());
    assert.equal(walletBytes.subarray(0, 5).toString(), '%PDF-');

    await shot(page, 'proof-of-certification');
    if (existsSync('/usr/bin/pdftoppm')) {
      renderPdf(certificateBytes, 'certificate');
      renderPdf(walletBytes, 'wallet-card');
    } else {
      console.log('pdftoppm is missing (scripts/poppler.sh installs it): certificate screenshots not rendered');
    }
  });

  test('a stranger opens the verification link signed out and sees "active"', async () => {
    const stranger = await newPage(browser);
    try {
      await stranger.goto(new URL(link).pathname);
      await stranger.getByTestId('verification-result').waitFor();
      assert.equal(await stranger.getByTestId('verification-status').innerText(), 'Active');
      const result = await stranger.getByTestId('verification-result').innerText();
      assert.match(result, /Kim Okonkwo/);
      assert.doesNotMatch(result, /kim\.okonkwo@example\.org/);
      await shot(stranger, 'verify-link');

      await stranger.goto('/verify');
      await stranger.getByLabel('Certification number').fill(kim.number);
      await stranger.getByLabel("Holder's last name").fill('okonkwo');
      await stranger.getByRole('button', { name: 'Verify' }).click();
      await stranger.getByTestId('verification-status').waitFor();
      assert.equal(await stranger.getByTestId('verification-status').innerText(), 'Active');
      await shot(stranger, 'verify');

      await stranger.getByLabel("Holder's last name").fill('Someone');
      await stranger.getByRole('button', { name: 'Verify' }).click();
      await stranger.getByText('No certification matches this number and last name.').waitFor();
      assert.deepEqual(stranger.problems, []);
    } finally {
      await stranger.context().close();
    }
  });

  test('the credential verifies with jose against the published JWKS, and is revoked once staff revoke', async () => {
    const issued = await (await trainer.request.get(`/api/v1/certifications/${kim.number}/credential`)).json();
    const issuer = new URL('/api/v1/credentials/issuer', link).toString();
    const first = await verifyCredential(issued.jwt, { trustedIssuer: issuer });
    assert.equal(first.valid, true);
    assert.equal(first.revoked, false);
    assert.equal(first.holder, 'Kim Okonkwo');
    assert.equal(first.number, kim.number);

    const forged = issued.jwt.split('.');
    forged[1] = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(forged[1], 'base64url')), validUntil: '2099-01-01T00:00:00Z' })).toString('base64url');
    await assert.rejects(verifyCredential(forged.join('.'), { trustedIssuer: issuer }), /signature/);

    const revoked = await office.request.post(`/api/v1/certifications/${kim.number}/revocation`, { data: { reason: 'End-to-end test of revocation.' } });
    assert.equal(revoked.status(), 200, await revoked.text());
    const second = await verifyCredential(issued.jwt, { trustedIssuer: issuer });
    assert.equal(second.revoked, true, 'the same credential, issued before, now reads as revoked');

    const stranger = await newPage(browser);
    try {
      await stranger.goto(new URL(link).pathname);
      await stranger.getByTestId('verification-status').waitFor();
      assert.equal(await stranger.getByTestId('verification-status').innerText(), 'Revoked');
    } finally {
      await stranger.context().close();
    }

    await office.goto(`/staff/certifications/${kim.number}`);
    await office.getByTestId('staff-credential').waitFor();
    assert.ok(Number(await office.getByTestId('lookups-by-link').innerText()) >= 2, 'the stranger’s link look-ups are counted');
    assert.equal(await office.getByTestId('lookups-by-name').innerText(), '1');
  });
});
