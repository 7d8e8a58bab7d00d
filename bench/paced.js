// Fixed-rate load (autocannon --overallRate) over random seeded certifications; prints one JSON line of results.
// node bench/paced.js <url-prefix> <suffix> <certs> <rate> <seconds> <connections> <cookie>
const autocannon = require('autocannon');
const [prefix, suffix, certs, rate, seconds, connections, cookie] = process.argv.slice(2);
let seed = 12345;
const next = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed; };
autocannon({
  url: prefix,
  connections: Number(connections),
  duration: Number(seconds),
  overallRate: Number(rate),
  headers: { cookie },
  requests: [{ setupRequest: (req) => ({ ...req, path: new URL(prefix).pathname + 'BENCH-' + String(1 + next() % Number(certs)).padStart(6, '0') + suffix }) }],
}, (err, result) => {
  if (err) { console.error(err); process.exit(1); }
  console.log(JSON.stringify({
    rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max,
    non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, total: result.requests.total,
  }));
});
