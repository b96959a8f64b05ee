/**
 * One `meteor test` pass:
 *
 *   database (fresh in-memory minimongod, or MONGO_URL with a throwaway name)
 *   → server process: boot the app server in test mode, run the server test modules (mocha)
 *   → while it stays up: client test modules bundled and run in headless Chromium
 *   → release the server, stop the database
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowserTests } from '../browser/run-browser-tests';
import { buildRuntimeConfig, runtimeConfigScript } from '@perseid/webapp';
import { redactUrlCredentials } from '@perseid/ddp-server';
import type { BootOptions } from '../server/boot-options';
import { BOOT_ENV } from '../server/boot-options';
import { runMochaChild } from '../test-runner/run-mocha-child';
import type { TestStats } from '../test-runner/test-stats';
import { addStats, EMPTY_STATS } from '../test-runner/test-stats';
import { isToolError } from '../tool-error';
import type { AppConfig } from './app-config';
import { startDevDatabase } from './dev-database';
import { appTsxEnv } from './default-tsconfig';
import { globalsModuleSource } from './generated-modules';
import type { AppPackages } from './meteor-packages';
import { freePort } from './port-check';
import type { LoadedSettings } from './settings';
import type { TestMode } from './test-files';
import { selectTestModules } from './test-files';
import { dropThrowawayDatabase, throwawayDatabaseUrl } from './throwaway-database';

export interface AppTestRunOptions {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly mode: TestMode;
  readonly port: number | undefined;
  readonly settings: LoadedSettings;
  readonly config: AppConfig;
  readonly packages: AppPackages;
  readonly filters: readonly string[];
  /** Only tests whose full title matches run, on both sides (mocha's grep). */
  readonly grep?: string;
  readonly log: (line: string) => void;
}

const TEST_SERVER_SETUP = fileURLToPath(new URL('../server/test-server-setup.ts', import.meta.url));

export async function runAppTestsOnce(options: AppTestRunOptions): Promise<TestStats> {
  const { root, log } = options;
  const grep = options.grep === undefined || options.grep === '' ? {} : { grep: options.grep };
  const keep = (rel: string): boolean => options.filters.length === 0 || options.filters.some((f) => rel.includes(f));
  const mains = new Set(Object.values(options.config.mainModule));
  const pick = (side: 'client' | 'server'): string[] => selectTestModules(root, options.config, options.mode, side).filter((m) => mains.has(m) || keep(m));
  const serverModules = pick('server');
  const clientModules = pick('client');
  log(
    `=> meteor test (${options.mode === 'full-app' ? 'full-app mode' : 'test mode'}): ${serverModules.length} server module(s), ${clientModules.length} client module(s)`,
  );

  const external = options.env['MONGO_URL'];
  const db =
    external !== undefined && external !== ''
      ? { state: 'external' as const, url: throwawayDatabaseUrl(external, `perseid_test_${randomBytes(6).toString('hex')}`) }
      : await startDevDatabase({ ...options.env, MONGO_URL: '' }, root, 0, undefined);
  if (db.state === 'unavailable') log(`=> Warning: no test database (${db.reason}); server tests run without MONGO_URL.`);
  try {
    const port = options.port ?? (await freePort());
    const rootUrl = `http://127.0.0.1:${port}`;
    // The client tests' page has its own origin; the app server must accept its DDP WebSocket.
    const pagePort = await freePort();
    const boot: BootOptions = {
      root,
      host: '127.0.0.1',
      port,
      rootUrl,
      testMode: options.mode,
      serverModules: [],
      client: { kind: 'none' },
      installGlobals: true,
      allowedOrigins: [`http://127.0.0.1:${pagePort}`],
    };
    const env: NodeJS.ProcessEnv = {
      ...options.env,
      ...appTsxEnv(root),
      PORT: String(port),
      ROOT_URL: rootUrl,
      METEOR_SETTINGS: options.settings.json,
      METEOR_TEST_MODE: options.mode,
      NODE_ENV: options.env['NODE_ENV'] ?? 'development',
      [BOOT_ENV]: JSON.stringify(boot),
      ...(db.state === 'unavailable' ? { MONGO_URL: '' } : { MONGO_URL: db.url }),
    };
    const clientRun = async (): Promise<TestStats> => {
      if (clientModules.length === 0) {
        log('\n=> No client test modules.');
        return EMPTY_STATS;
      }
      log('\n=> Client tests (mocha in headless Chromium)');
      const runtime = buildRuntimeConfig({
        rootUrl,
        settings: options.settings.settings,
        nodeEnv: env['NODE_ENV'] ?? 'development',
        testMode: options.mode,
        clientVersion: 'test',
      });
      try {
        return await runBrowserTests({
          root,
          groups: [
            {
              label: `client (${clientModules.length} module${clientModules.length === 1 ? '' : 's'})`,
              testFiles: clientModules.map((m) => join(root, m)),
              setupModules: [writeClientGlobals(root, options.packages)],
              initScript: runtimeConfigScript(runtime),
              env: { rootUrl },
              pagePort,
            },
          ],
          log,
          ...grep,
        });
      } catch (error) {
        if (!isToolError(error)) throw error;
        log(error.message);
        return { passed: 0, failed: 1, skipped: 0 };
      }
    };

    log('\n=> Server tests (mocha in Node)');
    let client = EMPTY_STATS;
    const server = await runMochaChild({
      cwd: root,
      env,
      config: {
        files: serverModules.map((m) => join(root, m)),
        setupModules: [TEST_SERVER_SETUP],
        timeoutMs: 10_000,
        holdUntilReleased: true,
        run: 'app',
        ...grep,
      },
      whileHeld: async (serverStats) => {
        client = await clientRun();
        return serverStats;
      },
    });
    return addStats(server, client);
  } finally {
    if (db.state === 'started') await db.stop();
    if (db.state === 'external') {
      const outcome = await dropThrowawayDatabase(db.url);
      if (!outcome.dropped) log(`=> Warning: could not drop the test database at ${redactUrlCredentials(db.url)}: ${outcome.reason}`);
    }
  }
}

/** The client globals module for this app, written where the bundler can read it. */
function writeClientGlobals(root: string, packages: AppPackages): string {
  const dir = join(root, '.meteor', 'local', 'perseid');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'globals.client.mjs');
  writeFileSync(file, globalsModuleSource(packages.globals, 'client', [], packages.sharedModules));
  return file;
}
