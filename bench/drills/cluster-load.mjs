// Load for cluster.sh, all through nginx: <providers> clients send batches of <batch> completions, each batch with its
// own Idempotency-Key, retrying the same key and body on a failure as a partner would (up to 6 tries, 1 s apart);
// the certificants of <certificants json> pay their carts spread over the run, retrying the same checkout likewise.
// node cluster-load.mjs <nginx url> <provider key> <learner numbers, comma-separated> <certificants json> <seconds> <providers> <batch> <out json>
import { readFileSync, writeFileSync } from 'node:fs';

const [base, key, learnersText, certificantsFile, secondsText, providersText, batchText, out] = process.argv.slice(2);
const learners = learnersText.split(',');
const certificants = JSON.parse(readFileSync(certificantsFile, 'utf8'));
const started = Date.now();
const deadline = started + Number(secondsText) * 1000;
const run = started.toString(36);
const batches = [];
const checkouts = [];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function attempt(url, init) {
  const sentAt = Date.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30000) });
    const text = await response.text();
    return { status: response.status, ms: Date.now() - sentAt, replayed: response.headers.get('idempotent-replayed') === 'true', text };
  } catch (error) {
    return { status: 0, ms: Date.now() - sentAt, error: String(error.cause?.code ?? error.name ?? error) };
  }
}

// Retry what may not have been done (network error, 5xx, 409 in flight); stop at an answer.
const retriable = (status) => status === 0 || status >= 500 || status === 409 || status === 429;

async function provider(index) {
  for (let b = 0; Date.now() < deadline; b++) {
    const externalIds = [];
    const records = [];
    for (let r = 0; r < Number(batchText); r++) {
      const externalId = `${run}-${index}-${b}-${r}`;
      externalIds.push(externalId);
      const [number, lastName] = learners[(index * 7919 + b * 31 + r) % learners.length].split(':');
      records.push({ externalId, courseCode: 'CL-1', certificationNumber: number, lastName, completedOn: '2026-03-01' });
    }
    const idempotencyKey = `${run}-${index}-${b}`;
    const body = JSON.stringify({ completions: records });
    const tries = [];
    let last;
    for (let t = 0; t < 6; t++) {
      last = await attempt(`${base}/api/v1/completions`, {
        method: 'POST', body,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      });
      tries.push({ at: (Date.now() - started) / 1000, status: last.status, ms: last.ms, replayed: last.replayed, error: last.error });
      if (!retriable(last.status)) break;
      await sleep(1000);
    }
    batches.push({ idempotencyKey, externalIds, status: last.status, tries });
    await sleep(100);
  }
}

async function pay(certificant, startAfterMs) {
  await sleep(startAfterMs);
  const tries = [];
  let last;
  for (let t = 0; t < 10; t++) {
    last = await attempt(`${base}/api/v1/me/cart/checkout`, {
      method: 'POST', body: JSON.stringify({ paymentToken: 'tok_visa' }),
      headers: { cookie: certificant.cookie, 'content-type': 'application/json', 'x-recert-client': 'drill' },
    });
    tries.push({ at: (Date.now() - started) / 1000, status: last.status, ms: last.ms, error: last.error });
    if (!retriable(last.status)) break;
    await sleep(1000);
  }
  checkouts.push({ number: certificant.number, status: last.status, tries });
}

const span = Number(secondsText) * 1000 * 0.8;
await Promise.all([
  ...Array.from({ length: Number(providersText) }, (_, i) => provider(i)),
  ...certificants.map((c, i) => pay(c, (span * i) / certificants.length)),
]);
const attempts = [...batches, ...checkouts].flatMap((x) => x.tries);
const byStatus = {};
for (const a of attempts) byStatus[a.status] = (byStatus[a.status] || 0) + 1;
const latencies = attempts.map((a) => a.ms).sort((x, y) => x - y);
writeFileSync(out, JSON.stringify({ batches, checkouts }));
console.log(JSON.stringify({
  seconds: (Date.now() - started) / 1000,
  batches: batches.length, batchesOk: batches.filter((b) => b.status >= 200 && b.status < 300).length,
  batchesRetried: batches.filter((b) => b.tries.length > 1).length, replayedAnswers: attempts.filter((a) => a.replayed).length,
  checkouts: checkouts.length, checkoutsOk: checkouts.filter((c) => c.status === 200).length,
  attempts: attempts.length, attemptsByStatus: byStatus,
  p50Ms: latencies[Math.floor(latencies.length * 0.5)], p99Ms: latencies[Math.floor(latencies.length * 0.99)], maxMs: latencies.at(-1),
}));
