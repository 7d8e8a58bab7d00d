// Sums every result file of the run (.trx from dotnet test, JUnit XML from Vitest and node:test) into the one closing
// line CI reads: "N passed, N failed, N skipped".
//
//   node scripts/count-results.mjs <results dir> [--expect dotnet,vitest,e2e,...]
//
// The line must never say less than the truth, so besides failing test cases it counts as failed:
// - a suite-level failure or error (a failing before()/after() hook, `<testsuite errors="1">`, a TRX run error such as a
//   crashed test host or a failing one-time set-up) that no failing test case accounts for;
// - a file that cannot be read as a result file;
// - an expected suite that left no result file at all (its install or build failed, the API did not start...);
// - a suite whose command exited non-zero (`<suite>.exitcode`, written by scripts/test.sh) while none of its results
//   failed: the tests did not all run, or something outside a test broke.
// A suite's files are those whose name starts with the suite's name followed by "." "-" or "_" (dotnet_*.trx,
// e2e.junit.xml, e2e-suites.junit.xml).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Counts of one TRX document (dotnet test --logger trx). */
export function countTrx(text) {
  const result = { passed: 0, failed: 0, skipped: 0, problems: [] };
  const counters = text.match(/<Counters\s[^>]*>/);
  if (!counters) {
    result.failed += 1;
    result.problems.push('no <Counters> (the test run did not finish)');
    return result;
  }
  const attr = (name) => Number((counters[0].match(new RegExp(`\\s${name}="(\\d+)"`)) ?? [0, 0])[1]);
  result.passed = attr('passed');
  result.failed = attr('failed') + attr('error') + attr('timeout') + attr('aborted');
  result.skipped = Math.max(0, attr('total') - attr('executed'));

  // Results with outcome Error are counted by the error counter; a run-level error (test host crash, a failing
  // one-time set-up reported outside any test) only appears among the run infos.
  const runErrors = [...text.matchAll(/<RunInfo\b[^>]*\boutcome="(Error|Failed)"[^>]*>([\s\S]*?)<\/RunInfo>/g)];
  for (const [, , body] of runErrors) {
    const message = (body.match(/<Text>([\s\S]*?)<\/Text>/) ?? [, 'run error'])[1].trim().split('\n')[0];
    result.problems.push(`run error: ${message}`);
  }
  result.failed += runErrors.length;

  const outcome = (text.match(/<ResultSummary\b[^>]*\boutcome="(\w+)"/) ?? [, ''])[1];
  if (/^(Failed|Error|Aborted|Timeout)$/.test(outcome) && result.failed === 0) {
    result.failed += 1;
    result.problems.push(`the run's outcome is ${outcome} but no test failed`);
  }
  return result;
}

/** Counts of one JUnit document (Vitest, node:test, or the e2e suite-failure reporter). */
export function countJunit(text) {
  const result = { passed: 0, failed: 0, skipped: 0, problems: [] };
  const xml = text.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/<\?[\s\S]*?\?>/g, '');
  if (!/<(testsuites|testsuite|testcase)\b/.test(xml)) {
    result.failed += 1;
    result.problems.push('not a JUnit document');
    return result;
  }

  // A small tag walker: suites nest (node:test nests describe() blocks), and a suite's declared errors/failures
  // count everything below it.
  const root = { declared: 0, failingCases: 0, direct: 0, children: [] };
  const stack = [root];
  let testcase = null;
  for (const [, closing, name, attributes, selfClosing] of xml.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
    const suite = stack[stack.length - 1];
    if (name === 'testsuite') {
      if (closing) {
        stack.pop();
      } else {
        const number = (key) => Number((attributes.match(new RegExp(`\\s${key}="(\\d+)"`)) ?? [0, 0])[1]);
        const child = { declared: number('errors') + number('failures'), failingCases: 0, direct: 0, children: [] };
        suite.children.push(child);
        if (!selfClosing) stack.push(child);
      }
    } else if (name === 'testcase') {
      if (closing) {
        finish();
      } else {
        testcase = { failed: false, skipped: false, suites: [...stack] };
        if (selfClosing) finish();
      }
    } else if ((name === 'failure' || name === 'error') && !closing) {
      if (testcase) testcase.failed = true;
      else suite.direct += 1;
    } else if (name === 'skipped' && !closing && testcase) {
      testcase.skipped = true;
    }
  }
  function finish() {
    if (!testcase) return;
    if (testcase.failed) {
      result.failed += 1;
      for (const suite of testcase.suites) suite.failingCases += 1;
    } else if (testcase.skipped) result.skipped += 1;
    else result.passed += 1;
    testcase = null;
  }
  // What a suite declares beyond its failing test cases (and beyond what its child suites already add) is a
  // suite-level failure: a hook, an error while collecting, a crash.
  function extra(suite) {
    const fromChildren = suite.children.reduce((sum, child) => sum + extra(child), 0);
    const own = Math.max(suite.declared - suite.failingCases - fromChildren, suite.direct);
    return fromChildren + Math.max(0, own);
  }
  const suiteLevel = extra(root);
  if (suiteLevel > 0) {
    result.failed += suiteLevel;
    result.problems.push(`${suiteLevel} suite-level failure(s) or error(s) outside any test case`);
  }
  return result;
}

function filesUnder(path) {
  return readdirSync(path).flatMap((name) => {
    const full = join(path, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Totals of a results directory; `expected` names the suites that must have left a result file. */
export function countResults(dir, expected = []) {
  const totals = { passed: 0, failed: 0, skipped: 0, problems: [] };
  const files = filesUnder(dir);
  const suiteOf = (file) => expected.find((suite) => new RegExp(`^${suite}[._-]`).test(basename(file)));
  const failedBySuite = new Map();
  for (const file of files) {
    const counter = file.endsWith('.trx') ? countTrx : file.endsWith('.xml') ? countJunit : null;
    if (!counter) continue;
    let counts;
    try {
      counts = counter(readFileSync(file, 'utf8'));
    } catch (error) {
      counts = { passed: 0, failed: 1, skipped: 0, problems: [`unreadable: ${error.message}`] };
    }
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    for (const problem of counts.problems) totals.problems.push(`${basename(file)}: ${problem}`);
    const suite = suiteOf(file) ?? basename(file);
    failedBySuite.set(suite, (failedBySuite.get(suite) ?? 0) + counts.failed);
  }
  for (const suite of expected) {
    if (!failedBySuite.has(suite)) {
      totals.failed += 1;
      totals.problems.push(`${suite}: no result file (the suite did not run)`);
      continue;
    }
    const exitFile = files.find((file) => basename(file) === `${suite}.exitcode`);
    const exitCode = exitFile ? Number(readFileSync(exitFile, 'utf8').trim()) : 0;
    if (exitCode !== 0 && failedBySuite.get(suite) === 0) {
      totals.failed += 1;
      totals.problems.push(`${suite}: exited with code ${exitCode} although none of its results failed`);
    }
  }
  return totals;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir, ...rest] = process.argv.slice(2);
  const expectAt = rest.indexOf('--expect');
  const expected = expectAt >= 0 ? (rest[expectAt + 1] ?? '').split(',').filter(Boolean) : [];
  const totals = countResults(dir, expected);
  for (const problem of totals.problems) console.error(`count-results: ${problem}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
}
