// Bounded write load for pg-restart.sh: several clients POST 'other' CE activities, each to its own certification,
// at most <rate> requests per second per client, for <seconds>. Every answer is recorded; ids of 2xx answers are written
// to <ids file>. Prints a JSON summary.
// node write-load.js <base url> <cookie> <numbers,comma-separated> <seconds> <rate per client> <ids file> <events file>
const fs = require('fs');
const [base, cookie, numbersText, seconds, rate, idsFile, eventsFile] = process.argv.slice(2);
const numbers = numbersText.split(',');
const started = Date.now();
const deadline = started + Number(seconds) * 1000;
const events = [];

async function client(index) {
  let i = 0;
  while (Date.now() < deadline) {
    const sentAt = Date.now();
    const event = { client: index, i, t: (sentAt - started) / 1000 };
    try {
      const response = await fetch(`${base}/api/v1/certifications/${numbers[index]}/ceus`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ title: `drill ${index}-${i}`, area: 'nutrition', ceus: 0.1, completedOn: '2026-01-15' }),
        signal: AbortSignal.timeout(40000),
      });
      const text = await response.text();
      event.status = response.status;
      event.contentType = response.headers.get('content-type');
      event.retryAfter = response.headers.get('retry-after');
      if (response.ok) event.id = JSON.parse(text).id; else event.body = text.slice(0, 200);
    } catch (error) {
      event.status = 0;
      event.error = String(error.name || error);
    }
    event.ms = Date.now() - sentAt;
    events.push(event);
    i++;
    const wait = 1000 / Number(rate) - (Date.now() - sentAt);
    if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
  }
}

(async () => {
  await Promise.all(numbers.map((_, index) => client(index)));
  const ok = events.filter(e => e.status >= 200 && e.status < 300);
  fs.writeFileSync(idsFile, ok.map(e => e.id).join('\n') + '\n');
  fs.writeFileSync(eventsFile, JSON.stringify(events));
  const byStatus = {};
  for (const e of events) byStatus[e.status] = (byStatus[e.status] || 0) + 1;
  const failed = events.filter(e => !(e.status >= 200 && e.status < 300));
  const badFailures = failed.filter(e => !(e.status === 503 && (e.contentType || '').startsWith('application/problem+json') && e.retryAfter));
  const lastFailure = failed.length ? Math.max(...failed.map(e => e.t + e.ms / 1000)) : null;
  console.log(JSON.stringify({
    requests: events.length, ok: ok.length, byStatus,
    maxMs: Math.max(...events.map(e => e.ms)), maxFailedMs: failed.length ? Math.max(...failed.map(e => e.ms)) : null,
    p99Ms: events.map(e => e.ms).sort((a, b) => a - b)[Math.floor(events.length * 0.99)],
    failuresNot503ProblemWithRetryAfter: badFailures.length, sampleBadFailure: badFailures[0] || null,
    lastFailureEndedAtS: lastFailure, okAfterLastFailure: ok.filter(e => lastFailure === null || e.t > lastFailure).length,
  }));
})();
