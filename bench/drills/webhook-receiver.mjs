// Webhook receiver for cluster.sh: answers 200 to every POST and appends "<epoch ms> <webhook-id>" to <log file>, so the
// drill can count deliveries per webhook-id (one event = one id; the same id twice is a redelivery).
// node webhook-receiver.mjs <port> <log file>
import { createServer } from 'node:http';
import { appendFileSync } from 'node:fs';

const [port, log] = process.argv.slice(2);
createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    appendFileSync(log, `${Date.now()} ${request.headers['webhook-id'] ?? '-'}\n`);
    response.writeHead(200).end();
  });
}).listen(Number(port), '127.0.0.1');
