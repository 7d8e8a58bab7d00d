// For checking screens by hand: node e2e/dev-api.mjs [database] [port] — recreates the database, runs until Ctrl+C.
import { recreateDatabase, startApi, startMailCatcher } from './harness.mjs';

const database = process.argv[2] ?? 'recert_web_dev';
const port = Number(process.argv[3] ?? 0) || undefined;
recreateDatabase(database);
const mail = await startMailCatcher();
const api = await startApi({ database, port, env: mail.env });
console.log(`Recert API + SPA on ${api.url} (database ${database}); mail inbox on ${mail.url} (E2E_MAIL_URL); Ctrl+C stops it.`);
const stop = async () => {
  await api.stop();
  await mail.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
