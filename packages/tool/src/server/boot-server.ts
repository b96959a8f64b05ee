/**
 * The server boot (CONTRACT "Facade and boot"), in order:
 *
 *   globals from .meteor/packages → app server modules → WebApp page/static/dev middleware
 *   → ddp-server `server.attach(httpServer)` → `Meteor.startup` hooks → listen
 *
 * Packages that have not landed yet are skipped by feature detection (their exports), so the
 * boot works at every stage of the runtime's construction.
 */
import { existsSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { APP_SHELL_WORKER_PATH, appShellManifest, contentSecurityPolicyFor, programVersions, publicSettingsOf, WebApp } from '@perseid/webapp';
import type { AppShellServing, ClientArch, ClientProgramFile, ClientVersionRecord, ClientVersions, WebAppPageOptions } from '@perseid/webapp';
import { cordovaCompatibilityVersions, cordovaProgram, mobileServerUrls, programFiles, versionedPageParts } from '../cordova/cordova-program';
import type { CordovaProgram } from '../cordova/cordova-program';
import { readMeteorPackages } from '../app/meteor-packages';
import { readStaticHtml } from '../app/static-html';
import { readAppConfig } from '../app/app-config';
import { parseSettings } from '../app/settings';
import { ToolError } from '../tool-error';
import type { BootOptions } from './boot-options';
import { APP_SHELL_WORKER_FILE, BUILT_PAGE_FILE, readBuiltClientPage } from './built-client-page';
import type { BuiltClientPage } from './built-client-page';
import { tcpDatabaseProbe } from './database-probe';
import { keepMethodReplaysInDatabase } from './database-replay-store';
import { shareEsmModule } from './shared-esm-modules';

export interface BootedServer {
  readonly port: number;
  readonly url: string;
  /** Stops listening and closes dev tooling; safe to call twice. */
  stop(): Promise<void>;
  /**
   * Graceful stop within about `timeoutMs`: health answers 503 `draining` at once, new DDP
   * sockets are refused, methods in flight finish and answer, clients are told to reconnect
   * (close 1001), then the HTTP server, dev tooling and the database connection close.
   */
  drain(timeoutMs: number): Promise<void>;
}

export async function bootServer(options: BootOptions, env: NodeJS.ProcessEnv = process.env): Promise<BootedServer> {
  const settings =
    env['METEOR_SETTINGS'] !== undefined && env['METEOR_SETTINGS'] !== '' ? parseSettings(env['METEOR_SETTINGS'], 'METEOR_SETTINGS').settings : {};
  if (options.installGlobals) await installServerGlobals(options.root);
  // Before the app's modules, so a policy the app sets itself (WebApp.setContentSecurityPolicy) wins.
  WebApp.setContentSecurityPolicy(pagePolicy(options, settings));
  for (const module of options.serverModules) await import(pathToFileURL(module).href);

  const closers: (() => Promise<void>)[] = [];
  const { browserVersions, appId, ...page } = await pagePartsFor(options, closers, { settings, env });
  WebApp.configure({
    ...page,
    runtime: {
      rootUrl: options.rootUrl,
      settings,
      nodeEnv: env['NODE_ENV'] ?? 'development',
      testMode: options.testMode,
      clientVersion: page.clientVersion,
      ...(browserVersions === undefined ? {} : { versions: browserVersions }),
      ...(appId === undefined ? {} : { appId }),
      ...(page.appShell === undefined ? {} : { appShellWorker: APP_SHELL_WORKER_PATH }),
    },
    publicDirs: [join(options.root, 'public')],
    serverVersion: readAppConfig(options.root).version,
  });
  if (options.cordovaClientDir !== undefined) {
    // The web.cordova program: fixed in a bundle; under `meteor run`, rebuilt on every change.
    if (options.client.kind === 'vite-dev') closers.push(followCordovaBuild(options, options.cordovaClientDir, { settings, env }));
    else publishCordovaProgram(cordovaServing(options, options.cordovaClientDir, readBuiltClientPage(options.cordovaClientDir), { settings, env }));
  }
  WebApp.setDatabaseProbe(tcpDatabaseProbe(env['MONGO_URL']));
  await addChangeStreamHealthCheck();

  await attachDdpServer(options.rootUrl, options.allowedOrigins ?? []);
  const stopReplayStore = await keepMethodReplaysInDatabase(env);
  if (stopReplayStore !== undefined) closers.push(stopReplayStore);
  await runStartupHooks();
  await listen(options.host, options.port);
  const port = (WebApp.httpServer.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      for (const close of closers) await close();
      WebApp.httpServer.closeAllConnections();
      await new Promise<void>((resolve) => WebApp.httpServer.close(() => resolve()));
    })();
    return stopping;
  };
  let draining: Promise<void> | undefined;
  return {
    port,
    url: options.rootUrl,
    stop,
    drain(timeoutMs) {
      draining ??= (async () => {
        WebApp.setServingState('draining');
        // Leave part of the bound for closing sockets, the HTTP server and the database.
        await drainDdpServer(Math.max(0, timeoutMs - Math.min(2_000, timeoutMs / 4)));
        await stop();
        await closeDatabase();
      })();
      return draining;
    },
  };
}

/** Whether the change streams are alive goes into /__perseid/health (mongo is optional). */
async function addChangeStreamHealthCheck(): Promise<void> {
  const mongo = (await import('@perseid/mongo')) as Record<string, unknown>;
  const health = mongo['changeStreamsHealth'];
  if (typeof health !== 'function') return;
  WebApp.addHealthCheck('changeStreams', () => {
    const report = (health as () => { healthy: boolean; streams: unknown[] })();
    return { healthy: report.healthy, report: report.streams };
  });
}

async function drainDdpServer(timeoutMs: number): Promise<void> {
  const ddp = (await import('@perseid/ddp-server')) as Record<string, unknown>;
  const server = ddp['server'] as { drain?: unknown } | undefined;
  if (server !== undefined && typeof server.drain === 'function') await (server.drain as (ms: number) => Promise<unknown>).call(server, timeoutMs);
}

/** Closes MONGO_URL's connection and its change streams, if the app opened it. */
async function closeDatabase(): Promise<void> {
  const mongo = (await import('@perseid/mongo')) as Record<string, unknown>;
  const internals = mongo['MongoInternals'] as { closeDefaultRemoteCollectionDriver?: unknown } | undefined;
  const close = internals?.closeDefaultRemoteCollectionDriver;
  if (typeof close === 'function') await (close as () => Promise<void>)();
}

/**
 * Loads what every boot of this app needs before its own modules (globals and the packages
 * behind them, the DDP server, and Vite for a dev client), without starting anything.
 */
export async function preloadServerRuntime(options: BootOptions): Promise<void> {
  if (options.installGlobals) await installServerGlobals(options.root);
  await import('@perseid/ddp-server');
  await import('@perseid/meteor-core');
  if (options.client.kind === 'vite-dev') await import('../client-build/vite-dev');
}

/**
 * Loads the enabled packages' effect modules, then sets their globals, one facade module at a
 * time: a package that fails to load costs its own globals (with a warning naming it), not the
 * whole server. An effect module that fails stops the boot: the app asked for what it switches on.
 */
async function installServerGlobals(root: string): Promise<void> {
  const { globals, serverModules, sharedModules } = readMeteorPackages(root);
  for (const specifier of serverModules) shareEsmModule(specifier, (await import(specifier)) as object);
  for (const specifier of sharedModules) {
    try {
      shareEsmModule(specifier, (await import(specifier)) as object);
    } catch (error) {
      console.warn(`=> Warning: ${specifier} failed to load: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const byModule = new Map<string, string[]>();
  for (const g of globals) byModule.set(g.module, [...(byModule.get(g.module) ?? []), g.name]);
  for (const [specifier, names] of byModule) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(specifier)) as Record<string, unknown>;
    } catch (error) {
      console.warn(
        `=> Warning: ${specifier} failed to load, so ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not available as globals: ${error instanceof Error ? error.message : String(error)}`,
      );
      continue;
    }
    shareEsmModule(specifier, mod);
    for (const name of names) {
      if (mod[name] !== undefined) (globalThis as Record<string, unknown>)[name] = mod[name];
    }
  }
}

/** The page's Content-Security-Policy: strict, plus what the app's static HTML links, plus settings. */
function pagePolicy(options: BootOptions, settings: unknown): string | false {
  const client = options.client;
  const html = client.kind === 'built' ? readBuiltClientPage(client.dir) : client.kind === 'vite-dev' ? readStaticHtml(options.root) : { head: '', body: '' };
  try {
    return contentSecurityPolicyFor(`${html.head}\n${html.body}`, settings);
  } catch (error) {
    throw new ToolError('app.badConfig', `Invalid settings: ${(error as Error).message}`);
  }
}

type PageParts = Omit<WebAppPageOptions, 'runtime'> & { clientVersion: string; browserVersions?: ClientVersions; appId?: string };

/**
 * The versions browsers see. A built client has real ones (hot code push); under `meteor run`
 * browsers follow Vite's HMR, so their version is one constant that never asks them to reload.
 */
function browserProgram(
  options: BootOptions,
  dir: string,
  built: BuiltClientPage,
  context: { settings: unknown; env: NodeJS.ProcessEnv },
): Pick<PageParts, 'clientVersions' | 'browserVersions' | 'appId' | 'appShell'> {
  const publicDir = join(options.root, 'public');
  const files = programFiles(dir, publicDir);
  const browserVersions = programVersions(
    'web.browser',
    files,
    versionedPageParts(built),
    publicSettingsOf(context.settings),
    context.env['AUTOUPDATE_VERSION'],
  );
  return {
    browserVersions,
    appId: appIdOf(options, built, context.env),
    clientVersions: new Map<ClientArch, ClientVersionRecord>([['web.browser', { ...browserVersions, assets: built.stylesheets.map((url) => ({ url })) }]]),
    ...appShellOf(dir, browserVersions.version, files),
  };
}

/** The app-shell worker of a build that has one (builds made before it existed have none). */
function appShellOf(dir: string, version: string, files: readonly ClientProgramFile[]): { appShell?: AppShellServing } {
  const worker = join(dir, APP_SHELL_WORKER_FILE);
  if (!existsSync(worker)) return {};
  return { appShell: { manifest: appShellManifest(version, files), workerCode: readFileSync(worker, 'utf8') } };
}

function appIdOf(options: BootOptions, built: BuiltClientPage, env: NodeJS.ProcessEnv): string {
  return built.appId ?? env['APP_ID'] ?? readAppConfig(options.root).name;
}

interface CordovaServing {
  readonly cordova: CordovaProgram;
  readonly record: ClientVersionRecord;
}

/**
 * The web.cordova program of its build (`dir`, the `web.cordova` client build, never the
 * browser's), as served under /__cordova/, with the versions published for it. Its URLs are
 * the mobile ones (MOBILE_ROOT_URL / MOBILE_DDP_URL, else ROOT_URL), as in `meteor build`'s www.
 */
function cordovaServing(options: BootOptions, dir: string, built: BuiltClientPage, context: { settings: unknown; env: NodeJS.ProcessEnv }): CordovaServing {
  const { env } = context;
  const { rootUrl, ddpUrl } = mobileServerUrls(options.rootUrl, env);
  const cordova = cordovaProgram({
    clientDir: dir,
    publicDir: join(options.root, 'public'),
    page: built,
    rootUrl,
    ddpUrl,
    publicSettings: publicSettingsOf(context.settings),
    appId: appIdOf(options, built, env),
    compatibility: built.cordovaCompatibilityVersions ?? cordovaCompatibilityVersions(env),
    pinnedVersion: env['AUTOUPDATE_VERSION'],
  });
  return { cordova, record: { ...cordova.versions, assets: built.stylesheets.map((url) => ({ url })) } };
}

function publishCordovaProgram({ cordova, record }: CordovaServing): void {
  WebApp.setCordovaProgram(cordova);
  WebApp.setClientVersions('web.cordova', record);
}

/**
 * `meteor run` with a mobile platform: serves the Cordova program from a build the tool keeps
 * up to date, publishing a new web.cordova version after each rebuild (page.json rewritten).
 */
function followCordovaBuild(options: BootOptions, dir: string, context: { settings: unknown; env: NodeJS.ProcessEnv }): () => Promise<void> {
  let last = '';
  const load = (): void => {
    let built: BuiltClientPage;
    try {
      built = readBuiltClientPage(dir);
    } catch {
      return; // Mid-rebuild: the previous program stays.
    }
    const serving = cordovaServing(options, dir, built, context);
    if (serving.record.version === last) return;
    last = serving.record.version;
    publishCordovaProgram(serving);
  };
  load();
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dir, (_event, name) => {
    if (name !== BUILT_PAGE_FILE) return;
    clearTimeout(timer);
    timer = setTimeout(load, 50);
  });
  return async () => {
    clearTimeout(timer);
    watcher.close();
  };
}

const DEVELOPMENT_VERSIONS: ClientVersions = {
  version: 'development',
  versionRefreshable: 'development',
  versionNonRefreshable: 'development',
  versionReplaceable: 'development',
};

async function pagePartsFor(
  options: BootOptions,
  closers: (() => Promise<void>)[],
  context: { settings: unknown; env: NodeJS.ProcessEnv },
): Promise<PageParts> {
  const client = options.client;
  switch (client.kind) {
    case 'none':
      return { page: { head: '', body: '', stylesheets: [], scripts: [] }, clientVersion: 'none' };
    case 'built': {
      const built = readBuiltClientPage(client.dir);
      return {
        page: { head: built.head, body: built.body, bodyAttributes: built.bodyAttributes, stylesheets: built.stylesheets, scripts: built.scripts },
        hashedAssetDirs: [{ urlPrefix: '/assets', dir: join(client.dir, 'assets') }],
        clientVersion: built.clientVersion,
        ...browserProgram(options, client.dir, built, context),
      };
    }
    case 'vite-dev': {
      const { startViteDev } = await import('../client-build/vite-dev');
      const vite = await startViteDev(options.root, WebApp.httpServer);
      closers.push(vite.close);
      const html = readStaticHtml(options.root);
      return {
        page: { head: html.head, body: html.body, bodyAttributes: html.bodyAttributes, stylesheets: [], scripts: [vite.entryUrl] },
        devMiddleware: vite.middleware,
        transformHtml: vite.transformHtml,
        clientVersion: 'development',
        browserVersions: DEVELOPMENT_VERSIONS,
        clientVersions: new Map<ClientArch, ClientVersionRecord>([['web.browser', { ...DEVELOPMENT_VERSIONS, assets: [] }]]),
      };
    }
    default:
      return client satisfies never;
  }
}

async function attachDdpServer(rootUrl: string, allowedOrigins: readonly string[]): Promise<void> {
  const ddp = (await import('@perseid/ddp-server')) as Record<string, unknown>;
  const server = ddp['server'] as { attach?: unknown } | undefined;
  if (server !== undefined && typeof server.attach === 'function') {
    await (server.attach as (http: typeof WebApp.httpServer, options?: object) => unknown).call(server, WebApp.httpServer, { rootUrl, allowedOrigins });
    await installCollectionSecurity(server);
  }
  // GET /__perseid/stats: ddp-server decides access (admins and the operator's stats token, in every mode).
  const mountStatsRoute = ddp['mountStatsRoute'];
  if (typeof mountStatsRoute === 'function') (mountStatsRoute as (app: typeof WebApp.handlers) => void)(WebApp.handlers);
  // GET /__perseid/metrics (Prometheus): the same admin-only access as the stats.
  const mountMetricsRoute = ddp['mountMetricsRoute'];
  if (typeof mountMetricsRoute === 'function') (mountMetricsRoute as (app: typeof WebApp.handlers) => void)(WebApp.handlers);
}

/**
 * Every server collection's client mutation methods (`/<name>/insertAsync`, …, refused unless
 * allow/deny rules or the insecure package permit) live on the app's DDP server, whether or not
 * the app uses accounts (which used to be the only package installing them).
 */
async function installCollectionSecurity(server: object): Promise<void> {
  const security = (await import('@perseid/collection-security')) as Record<string, unknown>;
  const install = security['installCollectionSecurity'];
  const installed = security['isCollectionSecurityInstalled'];
  if (typeof install !== 'function' || typeof installed !== 'function') return;
  if ((installed as () => boolean)() === false) (install as (registrar: object) => void)(server);
}

async function runStartupHooks(): Promise<void> {
  const core = (await import('@perseid/meteor-core')) as Record<string, unknown>;
  const run = core['runStartupHooks'];
  if (typeof run === 'function') await (run as () => unknown)();
}

function listen(host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new ToolError('port.inUse', `Port ${port} is already in use; stop the other process or choose another port with --port.`)
          : error,
      );
    };
    WebApp.httpServer.once('error', onError);
    // An empty host listens on every interface, IPv6 and IPv4 where available (Node's default).
    const args: [number, ...string[]] = host === '' ? [port] : [port, host];
    WebApp.httpServer.listen(...args, () => {
      WebApp.httpServer.off('error', onError);
      resolve();
    });
  });
}
