// Sums every result file of the run (.trx from dotnet test, JUnit XML from Vitest and node:test)
// into the one closing line CI reads: "N passed, N failed, N skipped".
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;

function walk(path) {
  for (const name of readdirSync(path)) {
    const full = join(path, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.trx')) trx(readFileSync(full, 'utf8'));
    else if (name.endsWith('.xml')) junit(readFileSync(full, 'utf8'));
  }
}

function trx(text) {
  const counters = text.match(/<Counters\s[^>]*>/);
  if (!counters) { failed += 1; return; }
  const attr = (name) => Number((counters[0].match(new RegExp(`\\s${name}="(\\d+)"`)) ?? [0, 0])[1]);
  passed += attr('passed');
  failed += attr('failed') + attr('error') + attr('timeout') + attr('aborted');
  skipped += attr('total') - attr('executed');
}

function junit(text) {
  const cases = text.match(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g) ?? [];
  for (const testcase of cases) {
    if (/<(failure|error)\b/.test(testcase)) failed += 1;
    else if (/<skipped\b/.test(testcase)) skipped += 1;
    else passed += 1;
  }
}

walk(dir);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
