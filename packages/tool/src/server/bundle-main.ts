/**
 * `main.js` of a `meteor build` bundle: `node main.js` in the bundle directory. Reads PORT
 * (3000), ROOT_URL, MONGO_URL, METEOR_SETTINGS, BIND_IP; without MONGO_URL it runs minimongod
 * in this process with data in PERSEID_DB_PATH (default `./db` beside main.js). MONGO_URL is
 * set before the app's modules load, so they see it exactly as under `meteor run`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// The pure module, not the package entry: main.js must not load a second runtime beside app.js.
import { redactUrlCredentials } from '@perseid/ddp-server/redact-credentials';
import { startMinimongod } from '@perseid/minimongod';
import { installGracefulShutdown, shutdownTimeoutFrom } from './graceful-shutdown';

interface BundleInfo {
  readonly defaultRootUrl?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const info = JSON.parse(readFileSync(join(here, 'bundle.json'), 'utf8')) as BundleInfo;
const port = process.env['PORT'] ?? '3000';
process.env['PORT'] = port;
process.env['ROOT_URL'] ??= info.defaultRootUrl ?? `http://localhost:${port}`;
process.env['NODE_ENV'] ??= 'production';
const shutdownTimeoutMs = shutdownTimeoutFrom(process.env);

let stopDatabase: () => Promise<void> = async () => undefined;
if (process.env['MONGO_URL'] === undefined || process.env['MONGO_URL'] === '') {
  const dbPath = resolve(process.env['PERSEID_DB_PATH'] ?? join(here, 'db'));
  const db = await startMinimongod({ dbPath, quiet: true });
  process.env['MONGO_URL'] = db.url;
  stopDatabase = async () => {
    await db.stop();
  };
  console.log(`=> minimongod running with data in ${dbPath}`);
}

const app = (await import(pathToFileURL(join(here, 'server', 'app.js')).href)) as { drain(timeoutMs: number): Promise<void> };
console.log(`=> App running at: ${redactUrlCredentials(process.env['ROOT_URL'])}/`);

installGracefulShutdown(
  async (ms) => {
    await app.drain(ms);
    await stopDatabase();
  },
  { timeoutMs: shutdownTimeoutMs },
);
