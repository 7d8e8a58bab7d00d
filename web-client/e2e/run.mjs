// npm run test:e2e — recreates the e2e database, starts the Release API serving dist/ on a free port, runs the browser
// tests with node's test runner (spec to stdout, JUnit to $RECERT_E2E_RESULTS/e2e.junit.xml, suite-level failures such
// as a failing after() hook to e2e-suites.junit.xml) and always stops the API.
//   RECERT_E2E_DB=<name>   the database to recreate and leave behind (scripts/test.sh names one per run); unset, the run
//                          uses recert_e2e_<random> and drops it at the end.
//   E2E_ONLY=<substring>   only the e2e files whose name contains it (several: comma-separated), e.g. E2E_ONLY=renewal
//   E2E_ORDER=reverse      run the files in reverse order (every file makes its own data: any order passes)
//   UPDATE_SCREENSHOTS=1   write the screenshots to docs/screenshots/ (tracked) instead of .data/screenshots/
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dropDatabase, recreateDatabase, startApi, startMailCatcher, uniqueDatabaseName, webClient } from './harness.mjs';

const results = resolve(process.env.RECERT_E2E_RESULTS ?? join(webClient, 'e2e/.tmp/results'));
mkdirSync(results, { recursive: true });
const ownDatabase = !process.env.RECERT_E2E_DB;
const database = process.env.RECERT_E2E_DB || uniqueDatabaseName('recert_e2e');
const only = (process.env.E2E_ONLY ?? '').split(',').map((part) => part.trim()).filter(Boolean);

let api;
let mail;
let exitCode = 1;
const cleanUp = async () => {
  await api?.stop();
  await mail?.stop();
  if (ownDatabase) dropDatabase(database);
};
const stopAndExit = async (code) => {
  await cleanUp();
  process.exit(code);
};
process.on('SIGINT', () => void stopAndExit(130));
process.on('SIGTERM', () => void stopAndExit(143));

try {
  const files = readdirSync(join(webClient, 'e2e'))
    .filter((name) => name.endsWith('.e2e.mjs'))
    .filter((name) => only.length === 0 || only.some((part) => name.includes(part)))
    .sort()
    .map((name) => join('e2e', name));
  if (process.env.E2E_ORDER === 'reverse') files.reverse();
  if (files.length === 0) throw new Error(`No e2e file matches E2E_ONLY=${process.env.E2E_ONLY}.`);
  recreateDatabase(database);
  mail = await startMailCatcher({ logFile: join(webClient, 'e2e/.tmp/smtp4dev.log') });
  api = await startApi({ database, logFile: join(webClient, 'e2e/.tmp/api.log'), env: mail.env });
  console.log(`API on ${api.url} (database ${database}), log in e2e/.tmp/api.log; mail inbox on ${mail.url}; ${files.length} file(s)`);
  // node --test runs the files it is given in its own (sorted) order, so another order runs one file per process,
  // each with its own result files (e2e-<n>.junit.xml, e2e-suites-<n>.junit.xml).
  const batches = process.env.E2E_ORDER === 'reverse' ? files.map((file) => [file]) : [files];
  exitCode = 0;
  for (const [index, batch] of batches.entries()) {
    const suffix = batches.length === 1 ? '' : `-${index + 1}`;
    const runner = spawn(
      process.execPath,
      [
        '--test',
        '--test-concurrency=1',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=junit',
        `--test-reporter-destination=${join(results, `e2e${suffix}.junit.xml`)}`,
        // node 20's JUnit reporter leaves out a describe() whose before()/after() hook failed.
        `--test-reporter=${join(webClient, 'e2e/suite-failures-reporter.mjs')}`,
        `--test-reporter-destination=${join(results, `e2e-suites${suffix}.junit.xml`)}`,
        ...batch,
      ],
      { cwd: webClient, stdio: 'inherit', env: { ...process.env, E2E_BASE_URL: api.url, E2E_MAIL_URL: mail.url, RECERT_E2E_DB: database } },
    );
    const code = await new Promise((done) => runner.on('exit', (status) => done(status ?? 1)));
    if (code !== 0) exitCode = code;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(exitCode);
