// Load generator of bench/dashboard.sh: the SPA's dashboard visit, replayed for many signed-in certificants at a fixed
// arrival rate (open loop: a visit starts at its scheduled time whether or not earlier ones have answered, so a slow
// server shows as latency and shedding instead of silently lowering the offered rate, as a closed loop would).
//   node dashboard.mjs signin <base url> <first> <count> <password> <out json>      → cookies of BENCH-<n> holders
//   node dashboard.mjs load <base url> <cookies json> <rate> <seconds> [max sockets]  → one JSON line of results
// A visit is what the SPA sends on opening the dashboard: GET /api/v1/me (AuthContext), then the certification, its
// eligibility and its applications at once (pages/Dashboard.tsx). It is "admitted" when all four answer 2xx, "shed"
// when any answers 503 (admission control: Retry-After), an "error" otherwise (other status, socket error, timeout).
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';

const [mode, base, ...rest] = process.argv.slice(2);
const url = new URL(base);
const CLIENT = { 'x-recert-client': 'bench-dashboard' };
const TIMEOUT_MS = 10_000;

function request(agent, method, path, headers, body) {
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, agent, headers, timeout: TIMEOUT_MS }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', () => resolve({ status: 0 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: e.message === 'timeout' ? -1 : 0 }));
    if (body) req.write(body);
    req.end();
  });
}

const number = (n) => 'BENCH-' + String(n).padStart(6, '0');
const email = (n) => `bench-${n}@example.test`;

async function signin([firstText, countText, password, out]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const first = Number(firstText), count = Number(countText);
  const sessions = new Array(count);
  let next = 0, failed = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      const n = first + i;
      const body = JSON.stringify({ email: email(n), password });
      const res = await request(agent, 'POST', '/api/v1/auth/login', { ...CLIENT, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, body);
      const cookie = (res.headers?.['set-cookie'] ?? []).find((c) => c.startsWith('recert.session='));
      if (res.status !== 200 || !cookie) { failed++; if (failed <= 3) console.error(`sign-in of ${email(n)}: ${res.status} ${res.body?.toString().slice(0, 200)}`); continue; }
      sessions[i] = { number: number(n), cookie: cookie.split(';')[0] };
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker));
  const ok = sessions.filter(Boolean);
  writeFileSync(out, JSON.stringify(ok));
  console.log(JSON.stringify({ signedIn: ok.length, failed }));
  agent.destroy();
  if (failed) process.exit(1);
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function load([cookiesFile, rateText, secondsText, socketsText]) {
  const sessions = JSON.parse(readFileSync(cookiesFile, 'utf8'));
  const rate = Number(rateText), seconds = Number(secondsText);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(socketsText ?? 512) });
  const total = Math.round(rate * seconds);
  const admitted = [], lag = [];
  // shedAfterMe: visits refused after /me had been served, whose served requests were wasted work.
  let shed = 0, shedAfterMe = 0, errors = 0, requests = 0, started = 0, finished = 0;
  const statuses = {};
  let seed = 12345;
  const pick = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return sessions[seed % sessions.length]; };

  async function visit(scheduled) {
    const s = pick();
    const headers = { ...CLIENT, cookie: s.cookie };
    const get = async (path) => {
      const r = await request(agent, 'GET', path, headers);
      requests++;
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      return r.status;
    };
    const outcome = (codes) => codes.every((c) => c >= 200 && c < 300) ? 'ok' : codes.includes(503) ? 'shed' : 'error';
    let result = outcome([await get('/api/v1/me')]);
    const meServed = result === 'ok';
    if (meServed) {
      const path = '/api/v1/certifications/' + s.number;
      result = outcome(await Promise.all([get(path), get(path + '/eligibility'), get(path + '/applications')]));
    }
    if (result === 'ok') admitted.push(performance.now() - scheduled);
    else if (result === 'shed') { shed++; if (meServed) shedAfterMe++; }
    else errors++;
    finished++;
  }

  const t0 = performance.now() + 50;
  const interval = 1000 / rate;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (started < total && t0 + started * interval <= now) {
        const scheduled = t0 + started * interval;
        lag.push(now - scheduled);
        started++;
        visit(scheduled);
      }
      if (started < total) setTimeout(tick, 1); else resolve();
    };
    setTimeout(tick, 1);
  });
  const scheduleEnd = performance.now();
  // Visits still open get up to the request timeout (plus slack) to finish; what is still open then counts as an error.
  while (finished < started && performance.now() - scheduleEnd < TIMEOUT_MS * 2 + 1000) await new Promise((r) => setTimeout(r, 20));
  const unfinished = started - finished;
  admitted.sort((a, b) => a - b);
  lag.sort((a, b) => a - b);
  const r1 = (x) => x === null ? null : Math.round(x * 10) / 10;
  console.log(JSON.stringify({
    offered: rate, seconds, visits: started,
    served: Math.round(admitted.length / seconds), admitted: admitted.length,
    p50: r1(percentile(admitted, 50)), p99: r1(percentile(admitted, 99)), max: r1(admitted.at(-1) ?? null),
    shed, shedAfterMe, errors: errors + unfinished, unfinished, requests, statuses,
    startLagP99: r1(percentile(lag, 99)), generatorCpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
  }));
  agent.destroy();
}

if (mode === 'signin') await signin(rest);
else if (mode === 'load') await load(rest);
else { console.error('usage: node dashboard.mjs signin|load ...'); process.exit(2); }
