// For checking screens by hand: node e2e/dev-api.mjs [database] [port] — recreates the database, runs until Ctrl+C.
import { recreateDatabase, startApi } from './harness.mjs';

const database = process.argv[2] ?? 'recert_web_dev';
const port = Number(process.argv[3] ?? 0) || undefined;
recreateDatabase(database);
const api = await startApi({ database, port });
console.log(`Recert API + SPA on ${api.url} (database ${database}); Ctrl+C stops it.`);
const stop = async () => {
  await api.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
