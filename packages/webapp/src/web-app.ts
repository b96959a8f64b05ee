/**
 * WebApp: the HTTP layer (Express 5, as in Meteor 3.1+). Request pipeline, in order:
 *
 *   rawHandlers → security headers → compression → /__perseid/health → /__perseid/sw.js → static assets
 *   → dev middleware (Vite, in `meteor run`) → handlers (app routes) → HTML page for
 *   navigations → 404 → error handler
 *
 * The Express app and HTTP server exist as soon as the module loads, so app code can add
 * routes at import time; the boot configures the page and static files, then listens.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import compression from 'compression';
import express from 'express';
import type { Express, Request, RequestHandler, Router } from 'express';
import type { AppShellServing } from './app-shell-route';
import { appShellWorkerHandler } from './app-shell-route';
import { APP_SHELL_WORKER_PATH, isPagePath } from './app-shell-requests';
import type { BoilerplateParts } from './boilerplate';
import type { ClientArch, ClientVersions } from './client-program';
import type { CordovaServing } from './cordova-routes';
import { CORDOVA_PREFIX, cordovaRoutes, dontServeIndex } from './cordova-routes';
import { renderBoilerplate } from './boilerplate';
import type { ErrorLogger } from './error-responses';
import { errorHandler, notFoundHandler } from './error-responses';
import type { DatabaseProbe, HealthCheck, ServingState } from './health';
import { healthHandler } from './health';
import type { RuntimeConfigInput } from './runtime-config';
import { buildRuntimeConfig } from './runtime-config';
import { DEFAULT_CSP, securityHeaders } from './security-headers';
import { createServerSink, type PageLoadCallback } from './page-sink';
import { staticAssets } from './static-assets';

export const HEALTH_PATH = '/__perseid/health';

/** What the boot tells WebApp about the page it serves. */
export interface WebAppPageOptions {
  readonly runtime: RuntimeConfigInput;
  readonly page: BoilerplateParts;
  /** Directories of content-hashed files (the client build), served `immutable`. */
  readonly hashedAssetDirs?: readonly { readonly urlPrefix: string; readonly dir: string }[];
  /** Directories served as-is at `/` (the app's `public/`). */
  readonly publicDirs?: readonly string[];
  /** Dev only: middleware before the app's handlers (Vite). */
  readonly devMiddleware?: RequestHandler;
  /** Dev only: rewrites the page HTML (Vite's transformIndexHtml). */
  readonly transformHtml?: (url: string, html: string) => Promise<string>;
  readonly serverVersion?: string;
  /** The Cordova program served under `/__cordova/` for hot code push, when there is one. */
  readonly cordova?: CordovaServing;
  /** The versions of each client program, published to clients by autoupdate. */
  readonly clientVersions?: ReadonlyMap<ClientArch, ClientVersionRecord>;
  /** The service worker of a production client build (`/__perseid/sw.js`); absent: 404. */
  readonly appShell?: AppShellServing;
}

/** A document of `meteor_autoupdate_clientVersions` (its `_id` is the arch). */
export interface ClientVersionRecord extends ClientVersions {
  /** The refreshable assets (stylesheets) a CSS-only change swaps in. */
  readonly assets: readonly { readonly url: string }[];
}

export interface WebAppServer {
  /** App routes and middleware (Meteor's `WebApp.handlers`). */
  readonly handlers: Router;
  /** Alias of `handlers`, Meteor's older name. */
  readonly connectHandlers: Router;
  /** Runs before everything else, including compression and security headers. */
  readonly rawHandlers: Router;
  readonly rawConnectHandlers: Router;
  readonly expressApp: Express;
  readonly httpServer: Server;
  /** Replaces the CSP template (`{nonce}` is substituted per response); `false` sends none. */
  setContentSecurityPolicy(policy: string | false): void;
  setDatabaseProbe(probe: DatabaseProbe | undefined): void;
  /** Adds (or replaces, by name) a part of the health report; a failing check makes it 503. */
  addHealthCheck(name: string, check: HealthCheck): void;
  /** `draining`: health answers 503 at once, so a balancer stops sending new clients here. */
  setServingState(state: ServingState): void;
  readonly servingState: ServingState;
  /**
   * Runs `callback` once the HTTP server listens (at once if it already does). The returned
   * stop() cancels a callback that has not run yet; safe to call twice.
   */
  onListening(callback: () => void): { stop(): void };
  /** Called by the boot before listening. */
  configure(options: WebAppPageOptions): void;
  /** The current versions per client arch (Meteor's `Autoupdate.versions`). */
  clientVersions(): ReadonlyMap<ClientArch, ClientVersionRecord>;
  /**
   * Replaces one arch's versions while running (a client rebuilt in place) and tells every
   * watcher; `watchClientVersions` returns its stop().
   */
  setClientVersions(arch: ClientArch, record: ClientVersionRecord): void;
  watchClientVersions(callback: (arch: ClientArch, record: ClientVersionRecord) => void): { stop(): void };
  /** Replaces the Cordova program served under `/__cordova/` (a client rebuilt in place). */
  setCordovaProgram(serving: CordovaServing | undefined): void;
  /** The HTML page for a URL, as served (tests and the build use it). */
  renderPage(url: string, nonce: string): Promise<string>;
  /**
   * Meteor's server-render `onPageLoad`: `callback(sink)` runs, awaited in order, for every page
   * navigation; the sink adds HTML to the page, sets status and headers, or redirects.
   */
  onPageLoad(callback: PageLoadCallback): void;
}

/** How a navigation is answered: the page, or the redirect a server-render callback asked for. */
type PageAnswer = { readonly kind: 'page'; readonly html: string } | { readonly kind: 'redirect'; readonly location: string; readonly code: number };

export interface CreateWebAppOptions {
  readonly log?: ErrorLogger;
  readonly makeNonce?: () => string;
}

export function createWebApp(options: CreateWebAppOptions = {}): WebAppServer {
  const log: ErrorLogger = options.log ?? ((message, error) => console.error(`[webapp] ${message}:`, error));
  const makeNonce = options.makeNonce ?? (() => randomBytes(16).toString('base64'));
  const app = express();
  const handlers = express.Router();
  const rawHandlers = express.Router();
  const httpServer = createServer(app);
  let csp: string | false = DEFAULT_CSP;
  let probe: DatabaseProbe | undefined;
  const healthChecks = new Map<string, HealthCheck>();
  let serving: ServingState = 'serving';
  let config: WebAppPageOptions | undefined;
  let staticMiddleware: RequestHandler[] = [];
  let versions = new Map<ClientArch, ClientVersionRecord>();
  let cordova: CordovaServing | undefined;
  const versionWatchers = new Set<(arch: ClientArch, record: ClientVersionRecord) => void>();

  app.disable('x-powered-by');
  app.use(rawHandlers);
  app.use(securityHeaders({ contentSecurityPolicy: () => csp }, makeNonce));
  app.use(compression());
  app.get(
    HEALTH_PATH,
    healthHandler({
      info: () => ({ version: config?.serverVersion ?? 'unknown', clientVersion: config?.runtime.clientVersion ?? 'unknown' }),
      probe: () => probe,
      checks: () => healthChecks,
      serving: () => serving,
    }),
  );
  app.get(
    APP_SHELL_WORKER_PATH,
    appShellWorkerHandler(() => config?.appShell),
  );
  app.use(
    CORDOVA_PREFIX,
    cordovaRoutes(() => cordova),
  );
  app.use((req, res, next) => runChain(staticMiddleware, req, res, next));
  app.use((req, res, next) => (config?.devMiddleware === undefined ? next() : config.devMiddleware(req, res, next)));
  app.use(handlers);

  // Without dev tooling the page only varies by nonce: render it once per configuration, split
  // at a placeholder, and join the pieces with each response's nonce.
  let pagePieces: string[] | undefined;
  const pageLoadCallbacks: PageLoadCallback[] = [];
  const renderPage = async (url: string, nonce: string, editParts?: (parts: BoilerplateParts) => BoilerplateParts): Promise<string> => {
    if (config === undefined) throw new Error('WebApp.configure() has not been called');
    if (config.transformHtml === undefined && editParts === undefined) {
      if (pagePieces === undefined) {
        const slot = `perseid-nonce-${randomBytes(12).toString('hex')}`;
        pagePieces = renderBoilerplate(config.page, buildRuntimeConfig(config.runtime), slot).split(slot);
      }
      return pagePieces.join(nonce);
    }
    const html = renderBoilerplate(editParts === undefined ? config.page : editParts(config.page), buildRuntimeConfig(config.runtime), nonce);
    if (config.transformHtml === undefined) return html;
    // Dev tooling adds inline scripts (React refresh preamble); they get the page's nonce.
    const transformed = await config.transformHtml(url, html);
    return transformed.replace(/<script(?![^>]*\bnonce=)/g, `<script nonce="${nonce}"`);
  };

  app.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || config === undefined || !wantsPage(req)) {
      next();
      return;
    }
    const nonce = String(res.locals['cspNonce'] ?? '');
    (async (): Promise<PageAnswer> => {
      if (pageLoadCallbacks.length === 0) return { kind: 'page', html: await renderPage(req.originalUrl, nonce) };
      const { sink, outcome } = createServerSink(req);
      for (const callback of [...pageLoadCallbacks]) await callback(sink);
      const result = outcome();
      for (const [name, value] of result.headers) res.setHeader(name, value);
      if (result.redirect !== undefined) return { kind: 'redirect', ...result.redirect };
      if (result.statusCode !== undefined) res.status(result.statusCode);
      return { kind: 'page', html: await renderPage(req.originalUrl, nonce, (parts) => result.edit(parts, nonce)) };
    })()
      .then((page) => {
        if (page.kind === 'redirect') {
          res.redirect(page.code, page.location);
          return;
        }
        res.setHeader('Cache-Control', 'no-cache');
        res.type('html').send(page.html);
      })
      .catch(next);
  });
  app.use(notFoundHandler());
  app.use(errorHandler(log));

  const listeningCallbacks = new Set<() => void>();
  httpServer.on('listening', () => {
    const callbacks = [...listeningCallbacks];
    listeningCallbacks.clear();
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error) {
        log('An onListening callback threw', error);
      }
    }
  });

  return {
    handlers,
    connectHandlers: handlers,
    rawHandlers,
    rawConnectHandlers: rawHandlers,
    expressApp: app,
    httpServer,
    setContentSecurityPolicy(policy) {
      csp = policy;
    },
    onListening(callback) {
      if (httpServer.listening) {
        queueMicrotask(callback);
        return { stop: () => undefined };
      }
      listeningCallbacks.add(callback);
      return { stop: () => void listeningCallbacks.delete(callback) };
    },
    setDatabaseProbe(next) {
      probe = next;
    },
    addHealthCheck(name, check) {
      healthChecks.set(name, check);
    },
    setServingState(state) {
      serving = state;
    },
    get servingState() {
      return serving;
    },
    clientVersions() {
      return versions;
    },
    setClientVersions(arch, record) {
      versions = new Map(versions).set(arch, record);
      for (const watcher of [...versionWatchers]) {
        try {
          watcher(arch, record);
        } catch (error) {
          log('A client versions watcher threw', error);
        }
      }
    },
    watchClientVersions(callback) {
      versionWatchers.add(callback);
      return { stop: () => void versionWatchers.delete(callback) };
    },
    setCordovaProgram(serving) {
      cordova = serving;
    },
    configure(next) {
      config = next;
      cordova = next.cordova;
      if (next.clientVersions !== undefined) versions = new Map(next.clientVersions);
      pagePieces = undefined;
      staticMiddleware = [
        ...(next.hashedAssetDirs ?? []).map(({ urlPrefix, dir }) => staticAssets(dir, { urlPrefix, immutable: true })),
        ...(next.publicDirs ?? []).map((dir) => staticAssets(dir, { urlPrefix: '/', immutable: false })),
      ];
    },
    renderPage: (url, nonce) => renderPage(url, nonce),
    onPageLoad(callback) {
      if (typeof callback !== 'function') throw new TypeError('onPageLoad needs a function');
      pageLoadCallbacks.push(callback);
    },
  };
}

/**
 * A navigation: accepts HTML and names no file (client-side routes like `/channel/general`);
 * which paths are routes is decided once for the server and the app-shell worker (isPagePath).
 */
function wantsPage(req: Request): boolean {
  if (req.accepts(['html', 'json']) !== 'html' || dontServeIndex(req)) return false;
  return isPagePath(req.path);
}

function runChain(chain: readonly RequestHandler[], req: Request, res: Parameters<RequestHandler>[1], done: (error?: unknown) => void): void {
  let index = 0;
  const step = (error?: unknown): void => {
    if (error !== undefined && error !== null) {
      done(error);
      return;
    }
    const handler = chain[index++];
    if (handler === undefined) {
      done();
      return;
    }
    try {
      void handler(req, res, step);
    } catch (thrown) {
      done(thrown);
    }
  };
  step();
}
