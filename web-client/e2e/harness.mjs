// Starts a throwaway Recert API (Release build) against its own freshly created database, serving web-client/dist.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { existsSync, mkdirSync, openSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
export const webClient = resolve(here, '..');
export const root = resolve(webClient, '..');
export const dist = resolve(webClient, 'dist');
const apiDll = resolve(root, 'api/Recert.Api/bin/Release/net10.0/Recert.Api.dll');

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function checkName(database) {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new Error(`Not a plain database name: ${database}`);
  return database;
}

function psql(database, sql) {
  execFileSync('psql', ['-h', '127.0.0.1', '-U', 'recert', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qc', sql], {
    env: { ...process.env, PGPASSWORD: 'recert' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** A database name no other run on this PostgreSQL uses: `<prefix>_<time>_<random>`. */
export function uniqueDatabaseName(prefix) {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Drops `database` if it exists (only ever a database this run created). */
export function dropDatabase(database) {
  psql('postgres', `DROP DATABASE IF EXISTS ${checkName(database)} WITH (FORCE)`);
}

/** Ensures PostgreSQL is up, then drops and recreates `database` (owned by the recert role). */
export function recreateDatabase(database) {
  execFileSync(resolve(root, 'scripts/postgres.sh'), { stdio: 'inherit' });
  psql('postgres', `DROP DATABASE IF EXISTS ${checkName(database)} WITH (FORCE)`);
  psql('postgres', `CREATE DATABASE ${database}`);
}

/**
 * Starts the API and resolves once GET /health answers; `stop()` kills it. No application is drawn for audit
 * (`Recert__Audit__Rate=0`) unless `env` says otherwise, so a paid renewal is approved at once; emails go to
 * e2e/.tmp/mail; background jobs stay on (the outbox and the hourly audit/reminder jobs).
 */
export async function startApi({ database, port, logFile, env = {} }) {
  if (!existsSync(apiDll)) throw new Error(`The API is not built: ${apiDll} is missing (dotnet build Recert.sln -c Release).`);
  if (!existsSync(resolve(dist, 'index.html'))) throw new Error('web-client/dist is missing (npm run build).');
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = 'inherit';
  if (logFile) {
    mkdirSync(dirname(logFile), { recursive: true });
    output = openSync(logFile, 'w');
  }
  const child = spawn('dotnet', [apiDll, '--urls', url], {
    cwd: resolve(root, 'api/Recert.Api'),
    env: {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: 'Production',
      DOTNET_NOLOGO: '1',
      ConnectionStrings__Recert: `Host=127.0.0.1;Port=5432;Database=${database};Username=recert;Password=recert`,
      Recert__DemoData__Enabled: 'true',
      Recert__BootstrapStaff__Email: 'staff@recert.local',
      Recert__BootstrapStaff__Password: 'back-office-keys-2026',
      Recert__SpaPath: dist,
      Recert__RateLimits__AuthPerMinute: '1000',
      Recert__Audit__Rate: '0',
      Recert__Email__PickupDirectory: resolve(webClient, 'e2e/.tmp/mail'),
      Recert__Accounts__PublicBaseUrl: url,
      ...env,
    },
    stdio: ['ignore', output, output],
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const stop = () =>
    new Promise((done) => {
      if (exited) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, 5000).unref();
    });

  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`The API exited during start-up (code ${child.exitCode}); see ${logFile ?? 'the output above'}.`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return { url, stop, pid: child.pid };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error('The API did not answer GET /health within 90 seconds.');
}

/**
 * Starts smtp4dev (the project's dotnet tool, `.config/dotnet-tools.json`) on free local ports with an in-memory store.
 * `env` points the API at it (SMTP, no TLS, outbox polled every second); `url` is the web inbox and its REST API.
 */
export async function startMailCatcher({ logFile } = {}) {
  execFileSync('dotnet', ['tool', 'restore'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const [smtpPort, webPort, imapPort, pop3Port] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const url = `http://127.0.0.1:${webPort}`;
  const dataDir = resolve(webClient, 'e2e/.tmp/smtp4dev');
  mkdirSync(dataDir, { recursive: true });
  let output = 'ignore';
  if (logFile) {
    mkdirSync(dirname(logFile), { recursive: true });
    output = openSync(logFile, 'w');
  }
  const child = spawn('dotnet', ['tool', 'run', 'smtp4dev', '--', `--urls=${url}`, `--smtpport=${smtpPort}`, `--imapport=${imapPort}`, `--pop3port=${pop3Port}`,
    '--db=', '--hostname=localhost', '--nousersettings', '--allowremoteconnections-', `--baseappdatapath=${dataDir}`], {
    cwd: root,
    // Its own process group: `dotnet tool run` starts the real server as a child, and stop() ends both.
    detached: true,
    stdio: ['ignore', output, output],
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const stop = () =>
    new Promise((done) => {
      if (exited) return done();
      child.once('exit', () => done());
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        done();
      }
      setTimeout(() => {
        if (!exited) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }, 5000).unref();
    });
  const env = {
    Recert__Email__Smtp__Host: '127.0.0.1',
    Recert__Email__Smtp__Port: String(smtpPort),
    Recert__Email__Smtp__UseStartTls: 'false',
    Recert__Email__PollSeconds: '1',
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`smtp4dev exited during start-up; see ${logFile ?? 'its output'}.`);
    try {
      const response = await fetch(`${url}/api/messages`);
      if (response.ok) return { url, smtpPort, env, stop, pid: child.pid };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error('smtp4dev did not answer GET /api/messages within 120 seconds.');
}
