// npm run test:e2e — recreates the recert_e2e database, starts the Release API serving dist/ on a free port,
// runs the browser tests with node's test runner (spec to stdout, JUnit to $RECERT_E2E_RESULTS/e2e.junit.xml)
// and always stops the API.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { recreateDatabase, startApi, startMailCatcher, webClient } from './harness.mjs';

const results = resolve(process.env.RECERT_E2E_RESULTS ?? join(webClient, 'e2e/.tmp/results'));
mkdirSync(results, { recursive: true });
const database = process.env.RECERT_E2E_DB ?? 'recert_e2e';

let api;
let mail;
let exitCode = 1;
const stopAndExit = async (code) => {
  await api?.stop();
  await mail?.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stopAndExit(130));
process.on('SIGTERM', () => void stopAndExit(143));

try {
  recreateDatabase(database);
  mail = await startMailCatcher({ logFile: join(webClient, 'e2e/.tmp/smtp4dev.log') });
  api = await startApi({ database, logFile: join(webClient, 'e2e/.tmp/api.log'), env: mail.env });
  console.log(`API on ${api.url} (database ${database}), log in e2e/.tmp/api.log; mail inbox on ${mail.url}`);
  const files = readdirSync(join(webClient, 'e2e'))
    .filter((name) => name.endsWith('.e2e.mjs'))
    .sort()
    .map((name) => join('e2e', name));
  const runner = spawn(
    process.execPath,
    [
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=junit',
      `--test-reporter-destination=${join(results, 'e2e.junit.xml')}`,
      ...files,
    ],
    { cwd: webClient, stdio: 'inherit', env: { ...process.env, E2E_BASE_URL: api.url, E2E_MAIL_URL: mail.url } },
  );
  exitCode = await new Promise((done) => runner.on('exit', (code) => done(code ?? 1)));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await api?.stop();
  await mail?.stop();
}
process.exit(exitCode);
