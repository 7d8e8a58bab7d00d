// Read load for replica.sh: <concurrency> clients loop over the replica-routed reads (public verification, approved
// providers, staff search and queues) for <seconds>. Every answer is recorded with its time since the start; prints a
// JSON summary split at <split second> (when the drill stops the standby).
// node read-load.js <base url> <staff cookie> <seconds> <concurrency> <split second> <certificate count> <events file>
const fs = require('fs');
const [base, cookie, seconds, concurrency, splitAt, certs, eventsFile] = process.argv.slice(2);
const started = Date.now();
const deadline = started + Number(seconds) * 1000;
const events = [];
const pad = n => String(n).padStart(6, '0');
const pick = () => 1 + Math.floor(Math.random() * Number(certs));

const reads = [
  () => { const n = pick(); return { path: `/api/v1/verify?number=BENCH-${pad(n)}&lastName=Number${n}` }; },
  () => ({ path: `/api/v1/providers?search=${encodeURIComponent('Drill Provider ' + (pick() % 50))}` }),
  () => ({ path: '/api/v1/providers?page=1&pageSize=20' }),
  () => ({ path: `/api/v1/staff/certifications?search=BENCH-${pad(pick())}`, staff: true }),
  () => ({ path: '/api/v1/staff/queues', staff: true }),
];

async function client(index) {
  let i = index;
  while (Date.now() < deadline) {
    const read = reads[i++ % reads.length]();
    const sentAt = Date.now();
    const event = { t: (sentAt - started) / 1000, path: read.path.split('?')[0] };
    try {
      const response = await fetch(base + read.path, { headers: read.staff ? { cookie } : {}, signal: AbortSignal.timeout(30000) });
      const text = await response.text();
      event.status = response.status;
      if (!response.ok) event.body = text.slice(0, 200);
    } catch (error) {
      event.status = 0;
      event.error = String(error.name || error);
    }
    event.ms = Date.now() - sentAt;
    events.push(event);
  }
}

const percentile = (list, p) => { const sorted = list.map(e => e.ms).sort((a, b) => a - b); return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : null; };
function phase(list, secs) {
  const byStatus = {};
  for (const e of list) byStatus[e.status] = (byStatus[e.status] || 0) + 1;
  return { requests: list.length, perSecond: Math.round(list.length / secs), byStatus, p50Ms: percentile(list, 0.5), p99Ms: percentile(list, 0.99), maxMs: percentile(list, 1) };
}

(async () => {
  await Promise.all(Array.from({ length: Number(concurrency) }, (_, index) => client(index)));
  fs.writeFileSync(eventsFile, JSON.stringify(events));
  const split = Number(splitAt), total = Number(seconds);
  const before = events.filter(e => e.t < split), after = events.filter(e => e.t >= split);
  const notOk = events.filter(e => !(e.status >= 200 && e.status < 300));
  console.log(JSON.stringify({
    all: phase(events, total), beforeStop: phase(before, split), afterStop: phase(after, total - split),
    serverErrorsOrNoAnswer: notOk.filter(e => e.status >= 500 || e.status === 0).length,
    notOk: notOk.length, sampleNotOk: notOk[0] || null,
    okAfterStop: after.filter(e => e.status >= 200 && e.status < 300).length,
  }));
})();
