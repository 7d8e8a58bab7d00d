// The provider portal (issue 14): staff invite a person of a course provider, who accepts from the emailed link and
// then does in the browser what a provider's developer does with the API: rosters (CSV and .xlsx, previewed before
// sending), completions, voids, API keys and webhook endpoints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { baseUrl, launch, newPage, pacificDate, shot, signIn } from './browser.mjs';
import { createCertificant, signedInApi, staff } from './fixtures.mjs';
import { emailedLink } from './mail.mjs';
import { webClient } from './harness.mjs';

const run = Date.now().toString(36);
const learner = { number: `CPT-P${run.slice(-5).toUpperCase()}`, firstName: 'Ola', lastName: 'Nwosu', email: `ola.${run}@example.org`, password: 'ola-password-2026' };
const providerName = `Portal Fitness ${run}`;
const person = { email: `office.${run}@portal-fitness.example`, firstName: 'Rae', lastName: 'Quinn', password: 'portal-office-password-1' };
const files = join(webClient, 'e2e/.tmp/portal');
let browser;
let providerId;

/** A minimal .xlsx (one sheet, inline strings) written by hand: the e2e has no spreadsheet library, the API reads it with one. */
async function xlsx(rows) {
  const { deflateRawSync } = await import('node:zlib');
  const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const col = (i) => String.fromCharCode(65 + i);
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows
    .map((r, y) => `<row r="${y + 1}">${r.map((v, x) => `<c r="${col(x)}${y + 1}" t="inlineStr"><is><t>${escape(v)}</t></is></c>`).join('')}</row>`).join('')}</sheetData></worksheet>`;
  const entries = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Roster" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': sheet,
  };
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0); header.writeUInt16LE(20, 4); header.writeUInt16LE(0, 6); header.writeUInt16LE(8, 8);
    header.writeUInt32LE(0, 10); header.writeUInt32LE(crc32(data), 14); header.writeUInt32LE(packed.length, 18); header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26); header.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0, 8); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12); central.writeUInt32LE(crc32(data), 16); central.writeUInt32LE(packed.length, 20); central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(header, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += header.length + nameBytes.length + packed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(Object.keys(entries).length, 8); end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(centralSize, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const header = ['externalId', 'courseCode', 'certificationNumber', 'lastName', 'completedOn'];
const csvPath = join(files, 'march.csv');
const xlsxPath = join(files, 'april.xlsx');

before(async () => {
  browser = await launch();
  await createCertificant(learner);
  mkdirSync(files, { recursive: true });
  const office = await signedInApi(staff);
  try {
    const created = await office.post('/api/v1/staff/providers', {
      data: { name: providerName, contactName: 'Rae Quinn', contactEmail: person.email, approvedFrom: pacificDate(-400), approvedUntil: pacificDate(400) },
    });
    assert.equal(created.status(), 201, await created.text());
    providerId = (await created.json()).id;
    const course = await office.post(`/api/v1/staff/providers/${providerId}/courses`, {
      data: { code: 'PF-101', title: 'Portal Fundamentals', ceus: 0.5, area: 'exercise-technique', approvedFrom: pacificDate(-400), approvedUntil: pacificDate(400) },
    });
    assert.equal(course.status(), 201, await course.text());
  } finally {
    await office.dispose();
  }
  const day = pacificDate(-10);
  writeFileSync(csvPath, [header.join(','), `${run}-1,PF-101,${learner.number},${learner.lastName},${day}`, `${run}-2,NOPE-1,${learner.number},${learner.lastName},${day}`,
    `${run}-3,PF-101,CPT-NOBODY-${run},Nobody,${day}`, `${run}-4,PF-101,${learner.number},${learner.lastName},not-a-date`].join('\n') + '\n');
  writeFileSync(xlsxPath, await xlsx([header, [`${run}-5`, 'PF-101', learner.number, learner.lastName, pacificDate(-5)], [`${run}-1`, 'PF-101', learner.number, learner.lastName, day]]));
});
after(async () => {
  await browser?.close();
});

describe('a provider user in the portal', () => {
  let page;
  after(async () => {
    if (page) {
      assert.deepEqual(page.problems, [], 'no uncaught errors in the page');
      await page.context().close();
    }
  });

  test('staff invite a person from the provider page', async () => {
    const office = await newPage(browser);
    try {
      await signIn(office, staff.email, staff.password);
      await office.waitForURL('**/staff');
      await office.goto(`/staff/providers/${providerId}`);
      await office.getByRole('heading', { name: 'Provider portal users' }).waitFor();
      await office.getByLabel('Email', { exact: true }).fill(person.email);
      await office.getByLabel('First name').fill(person.firstName);
      await office.getByLabel('Last name').fill(person.lastName);
      await office.getByRole('button', { name: 'Send invitation' }).click();
      await office.getByText(`Invitation sent to ${person.email}.`).waitFor();
      await office.getByRole('list', { name: 'Portal users' }).getByText('Invited', { exact: true }).waitFor();
    } finally {
      await office.context().close();
    }
  });

  test('accepts the invitation from the email and lands in the portal', async () => {
    const link = await emailedLink(person.email, 'provider portal', '/accept-invitation?token=');
    page = await newPage(browser);
    await page.goto(link);
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Password again').fill('short');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.locator('#invite-password-error').filter({ hasText: /\S/ }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill(person.password);
    await page.getByLabel('Password again').fill(person.password);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.waitForURL('**/provider');
    await page.getByRole('heading', { name: providerName }).waitFor();
    await page.getByRole('cell', { name: 'PF-101' }).waitFor();
    await page.getByText('Provider portal').first().waitFor();
  });

  test('uploads a CSV: previews the rows with their problems, sends, sees per-row results and downloads them', async () => {
    await page.getByRole('link', { name: 'Upload roster' }).click();
    await page.getByRole('heading', { name: 'Upload a roster' }).waitFor();
    await page.getByLabel('Roster file').setInputFiles(csvPath);
    await page.getByRole('heading', { name: 'Check the rows before sending' }).waitFor();
    const rows = page.locator('table.roster-table tbody tr');
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.outcome)), ['accepted', 'rejected', 'pending-learner', 'rejected']);
    await rows.nth(1).getByText(`This provider has no course NOPE-1.`).waitFor();
    await rows.nth(3).getByText(/completedOn/).waitFor();
    await shot(page, 'provider-portal-preview');

    await page.getByRole('button', { name: 'Send 2 rows' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    await page.getByText('Sent. 1 accepted, 0 already recorded, 1 waiting for the learner, 2 rejected.').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the results (CSV)' }).click()]);
    assert.equal(download.suggestedFilename(), 'march-results.csv');
    const csv = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines.length, 5);
    assert.match(lines[2], new RegExp(`^2,${run}-2,NOPE-1,.*,Rejected,course\\.unknown,`));
    await shot(page, 'provider-portal-results');
  });

  test('a file that is not a roster is refused before anything is sent', async () => {
    const bad = join(files, 'notes.csv');
    writeFileSync(bad, 'name,email\nA,a@b.c\n');
    await page.getByLabel('Roster file').setInputFiles(bad);
    await page.getByRole('alert').filter({ hasText: /header row lacks/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: /^Send/ }).count(), 0);
  });

  test('uploads an .xlsx: the row already sent is a duplicate, the new one is accepted', async () => {
    await page.getByLabel('Roster file').setInputFiles(xlsxPath);
    await page.getByRole('heading', { name: 'Check the rows before sending' }).waitFor();
    await page.getByText('read from the Excel workbook', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Send 2 rows' }).click();
    await page.getByText('Sent. 1 accepted, 1 already recorded, 0 waiting for the learner, 0 rejected.').waitFor();
  });

  test('reads a roster with US dates once the office says how its dates are written', async () => {
    const usPath = join(files, 'may-us.csv');
    const [year, month, dayOfMonth] = pacificDate(-3).split('-');
    writeFileSync(usPath, [header.join(','), `${run}-6,PF-101,${learner.number},${learner.lastName},${month}/${dayOfMonth}/${year}`].join('\n') + '\n');
    await page.getByLabel('Roster file').setInputFiles(usPath);
    const row = page.locator('table.roster-table tbody tr').first();
    await page.waitForFunction(() => document.querySelector('table.roster-table tbody tr')?.dataset.outcome === 'rejected');
    await row.getByText(/completedOn must be a date as YYYY-MM-DD/).waitFor();

    await page.getByLabel('Dates in the file are written as').selectOption('MM/dd/yyyy');
    await page.waitForFunction(() => document.querySelector('table.roster-table tbody tr')?.dataset.outcome === 'accepted');
    await page.getByRole('button', { name: 'Send 1 row' }).click();
    await page.getByText('Sent. 1 accepted, 0 already recorded, 0 waiting for the learner, 0 rejected.').waitFor();
  });

  test('finds a completion by search and state, and voids it after confirming', async () => {
    await page.getByRole('link', { name: 'Completions' }).click();
    await page.getByRole('heading', { name: 'Completions' }).waitFor();
    await page.getByLabel('Search').fill(`${run}-5`);
    await page.getByLabel('State').selectOption('accepted');
    // The unfiltered list already holds the row: wait for the filtered answer before counting what is shown.
    const filtered = page.waitForResponse((r) => {
      const url = new URL(r.url());
      return r.request().method() === 'GET' && url.pathname === '/api/v1/completions' && url.searchParams.get('state') === 'accepted';
    });
    await page.getByRole('button', { name: 'Show' }).click();
    await filtered;
    const row = page.locator(`tr[data-external-id="${run}-5"]`);
    await row.waitFor();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1, null, { timeout: 5000 });
    await row.getByRole('button', { name: `Void ${run}-5` }).click();
    // The change refetches the list filtered on "Accepted", which no longer holds the row: it stays, marked voided.
    const refetched = page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === '/api/v1/completions');
    await row.getByRole('button', { name: 'Void now' }).click();
    await refetched;
    await row.getByText('Voided').waitFor();
    assert.equal(await page.locator('tbody tr').count(), 1);
  });

  test('creates an API key that is shown once, and it works against the partner API', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Key name').fill('Spreadsheet macro');
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog');
    const key = await dialog.locator('#issued-key').inputValue();
    assert.match(key, /^rcp_/);
    await dialog.getByRole('button', { name: 'I have stored the key' }).click();
    await page.getByRole('list', { name: 'Keys' }).getByText('Spreadsheet macro').waitFor();
    assert.equal(await page.getByText(key).count(), 0, 'the key is not shown again');
    const answer = await fetch(new URL(`/api/v1/completions/${run}-1`, baseUrl), { headers: { Authorization: `Bearer ${key}` } });
    assert.equal(answer.status, 200);
    assert.equal((await answer.json()).state, 'accepted');
  });

  test('adds a webhook endpoint and sees its deliveries', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('URL').fill(`https://hooks.portal-${run}.example/recert`);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByTestId('webhook-secret').getByText(/whsec_/).waitFor();
    // An event for the endpoint: voiding through the API with the provider's own key (same records as the portal).
    await page.getByRole('button', { name: 'I have copied it' }).click();
    const voided = await page.request.delete(`/api/v1/completions/${run}-1`);
    assert.equal(voided.status(), 200, await voided.text());
    const endpoint = page.locator(`[data-endpoint-url="https://hooks.portal-${run}.example/recert"]`);
    await endpoint.getByRole('button', { name: 'Deliveries' }).click();
    const deadline = Date.now() + 30_000;
    while ((await endpoint.locator('tr[data-delivery-state]').count()) === 0 && Date.now() < deadline) {
      await endpoint.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(1000);
    }
    await endpoint.getByText('completion.voided').first().waitFor();
    await endpoint.getByRole('button', { name: 'Redeliver' }).first().click();
    await endpoint.getByText('Sending again').waitFor();
    await shot(page, 'provider-portal-webhooks');
  });

  test('checks a learner by number and last name', async () => {
    await page.getByRole('link', { name: 'Check a learner' }).click();
    await page.getByLabel('Certification number').fill(learner.number);
    await page.getByLabel('Last name').fill(learner.lastName);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText(`${learner.number} matches`).waitFor();
  });
});
