// The closing line's counter, checked with crafted result files and with the real output of node 20's test runner
// for a failing after() hook. Run by scripts/test.sh (JUnit to .data/results/counter.junit.xml) and counted itself.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countJunit, countResults, countTrx } from './count-results.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const suiteReporter = join(root, 'web-client/e2e/suite-failures-reporter.mjs');

function resultsDir(files) {
  const dir = mkdtempSync(join(tmpdir(), 'recert-count-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const trx = ({ outcome = 'Completed', total, executed, passed, failed = 0, error = 0, runInfos = '' }) => `<?xml version="1.0" encoding="utf-8"?>
<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <ResultSummary outcome="${outcome}">
    <Counters total="${total}" executed="${executed}" passed="${passed}" failed="${failed}" error="${error}" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="0" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
    ${runInfos}
  </ResultSummary>
</TestRun>`;

describe('TRX', () => {
  test('passed, failed, errors and not-executed tests', () => {
    const counts = countTrx(trx({ outcome: 'Failed', total: 10, executed: 8, passed: 5, failed: 2, error: 1 }));
    assert.deepEqual([counts.passed, counts.failed, counts.skipped], [5, 3, 2]);
  });

  test('a run error in <RunInfos> (test host crashed) is a failure even when every counter is zero', () => {
    const runInfos = `<RunInfos>
      <RunInfo computerName="vm" outcome="Error" timestamp="2026-12-01T20:00:00.000Z">
        <Text>The active test run was aborted. Reason: Test host process crashed</Text>
      </RunInfo>
      <RunInfo computerName="vm" outcome="Warning" timestamp="2026-12-01T20:00:00.000Z">
        <Text>No test matches the given testcase filter</Text>
      </RunInfo>
    </RunInfos>`;
    const counts = countTrx(trx({ outcome: 'Failed', total: 0, executed: 0, passed: 0, runInfos }));
    assert.equal(counts.failed, 1);
    assert.match(counts.problems.join('\n'), /Test host process crashed/);
  });

  test('a failed run outcome with no failing counter is one failure', () => {
    assert.equal(countTrx(trx({ outcome: 'Failed', total: 3, executed: 3, passed: 3 })).failed, 1);
  });

  test('a truncated file is a failure', () => {
    assert.equal(countTrx('<TestRun><Results>').failed, 1);
  });

  test('a clean run has no failure', () => {
    const counts = countTrx(trx({ total: 4, executed: 4, passed: 4 }));
    assert.deepEqual([counts.passed, counts.failed, counts.skipped], [4, 0, 0]);
  });
});

describe('JUnit', () => {
  test('test cases: passed, failed, errored, skipped', () => {
    const counts = countJunit(`<testsuites><testsuite name="a" tests="4" failures="1" errors="1">
      <testcase name="ok"/>
      <testcase name="bad"><failure message="expected 1 &gt; 2"/></testcase>
      <testcase name="broken"><error message="boom"/></testcase>
      <testcase name="later"><skipped/></testcase>
    </testsuite></testsuites>`);
    assert.deepEqual([counts.passed, counts.failed, counts.skipped], [1, 2, 1]);
  });

  test('a suite that declares more failures or errors than its test cases show is counted by the difference', () => {
    const counts = countJunit(`<testsuites>
      <testsuite name="outer" tests="2" failures="1" errors="2">
        <testcase name="ok"/>
        <testsuite name="inner" tests="1" failures="1" errors="1">
          <testcase name="bad"><failure/></testcase>
        </testsuite>
      </testsuite></testsuites>`);
    // inner: 1 failing case + 1 error of its own; outer: 3 declared = inner's 2 + 1 of its own.
    assert.deepEqual([counts.passed, counts.failed], [1, 3]);
  });

  test('an <error> directly under a suite (an error while collecting) is a failure', () => {
    const counts = countJunit(`<testsuite name="file" tests="0" failures="0" errors="0"><error message="SyntaxError"/></testsuite>`);
    assert.equal(counts.failed, 1);
  });

  test('a name holding ">" does not hide the suite attributes after it', () => {
    const counts = countJunit(`<testsuite name="a > b" tests="0" failures="0" errors="1"></testsuite>`);
    assert.equal(counts.failed, 1);
  });

  test('a file that is not JUnit is a failure', () => {
    assert.equal(countJunit('').failed, 1);
  });
});

describe('node 20 test runner: a failing after() hook', () => {
  // The real shapes: node's JUnit reporter drops a describe()'s failing after() hook (errors="0" failures="0"),
  // which is why the e2e run adds the suite-failures reporter; a top-level after() shows as a failing file.
  const dir = mkdtempSync(join(tmpdir(), 'recert-hook-'));
  writeFileSync(join(dir, 'hook.test.mjs'), `import { test, after, describe } from 'node:test';
describe('pages', () => {
  after(() => { throw new Error('page errors: TypeError x is undefined'); });
  test('a page renders', () => {});
});
test('another passes', () => {});
`);
  mkdirSync(join(dir, 'results'));
  // Without NODE_TEST_CONTEXT the child runs as a test run of its own, not as a subtest reporting to this one.
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  let exitCode = 0;
  try {
    execFileSync(process.execPath, [
      '--test', '--test-reporter=junit', `--test-reporter-destination=${join(dir, 'results/e2e.junit.xml')}`,
      `--test-reporter=${suiteReporter}`, `--test-reporter-destination=${join(dir, 'results/e2e-suites.junit.xml')}`,
      join(dir, 'hook.test.mjs'),
    ], { stdio: 'ignore', env });
  } catch (error) {
    exitCode = error.status;
  }

  test('node exits 1, yet its own JUnit file shows no failure', () => {
    assert.equal(exitCode, 1);
    const counts = countJunit(readFileSync(join(dir, 'results/e2e.junit.xml'), 'utf8'));
    assert.deepEqual([counts.passed, counts.failed], [2, 0]);
  });

  test('with the suite-failures reporter the hook is one failure of the e2e suite', () => {
    const totals = countResults(join(dir, 'results'), ['e2e']);
    assert.deepEqual([totals.passed, totals.failed], [2, 1]);
    assert.match(readFileSync(join(dir, 'results/e2e-suites.junit.xml'), 'utf8'), /page errors: TypeError x is undefined/);
  });
});

describe('a results directory', () => {
  test('an expected suite without any result file is one failure', () => {
    const dir = resultsDir({ 'dotnet_vm.trx': trx({ total: 2, executed: 2, passed: 2 }) });
    const totals = countResults(dir, ['dotnet', 'vitest', 'e2e']);
    assert.deepEqual([totals.passed, totals.failed], [2, 2]);
    assert.match(totals.problems.join('\n'), /vitest: no result file/);
    assert.match(totals.problems.join('\n'), /e2e: no result file/);
  });

  test('a suite that exited non-zero with no failing result is one failure; with failures, no extra one', () => {
    const dir = resultsDir({
      'vitest.junit.xml': '<testsuite><testcase name="a"/></testsuite>',
      'vitest.exitcode': '1\n',
      'e2e.junit.xml': '<testsuite><testcase name="a"><failure/></testcase></testsuite>',
      'e2e.exitcode': '1\n',
      'dotnet_vm.trx': trx({ total: 1, executed: 1, passed: 1 }),
      'dotnet.exitcode': '0\n',
    });
    const totals = countResults(dir, ['dotnet', 'vitest', 'e2e']);
    assert.deepEqual([totals.passed, totals.failed], [2, 2]);
  });

  test('files are found in subdirectories and summed', () => {
    const dir = resultsDir({
      'e2e.junit.xml': '<testsuite><testcase name="a"/><testcase name="b"/></testsuite>',
      'e2e-suites.junit.xml': '<testsuites><testsuite name="suite-level failures" tests="0" failures="0" errors="0">\n</testsuite></testsuites>',
      'nested/dotnet_vm_2026.trx': trx({ total: 3, executed: 3, passed: 3 }),
    });
    const totals = countResults(dir, ['dotnet', 'e2e']);
    assert.deepEqual([totals.passed, totals.failed, totals.skipped], [5, 0, 0]);
  });

  test('the command line prints the closing line', () => {
    const dir = resultsDir({ 'counter.junit.xml': '<testsuite><testcase name="a"/><testcase name="b"><skipped/></testcase></testsuite>' });
    const line = execFileSync(process.execPath, [join(root, 'scripts/count-results.mjs'), dir, '--expect', 'counter,dotnet'], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
    });
    assert.equal(line.trim(), '1 passed, 1 failed, 1 skipped');
  });
});
