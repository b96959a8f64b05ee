import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import { createServer } from 'vite';
import { readAppConfig } from '../app/app-config';
import { readMeteorPackages } from '../app/meteor-packages';
import { devRequestDecision } from './dev-request-guard';
import { CLIENT_ENTRY_ID } from './perseid-vite-plugin';
import { clientViteConfig } from './vite-config';
import { settleClientDependencies } from './settle-dependencies';
import { readAppAliases } from '../app/app-aliases';
import { commonJsPostcssConfig } from './postcss-config';

/** Longest a first start holds module requests for dependency pre-bundling. */
const MAX_SETTLE_MS = 60_000;

export interface ViteDev {
  readonly middleware: RequestHandler;
  readonly transformHtml: (url: string, html: string) => Promise<string>;
  /** The script URL of the generated client entry. */
  readonly entryUrl: string;
  close(): Promise<void>;
}

/**
 * Vite in middleware mode inside the app's HTTP server: same port, HMR over the same server
 * (Vite only takes WebSocket upgrades with its `vite-hmr` protocol, DDP keeps `/websocket`), so
 * Vite opens no listener of its own. Requests reach Vite only through the dev request guard.
 */
export async function startViteDev(root: string, httpServer: Server): Promise<ViteDev> {
  const config = readAppConfig(root);
  const { globals, autoupdate, sharedModules } = readMeteorPackages(root);
  const base = clientViteConfig({
    root,
    globals,
    sharedModules,
    aliases: await readAppAliases(root, (line) => console.warn(line)),
    postcss: await commonJsPostcssConfig(root),
    mainModules: config.mainModule.client === undefined ? [] : [config.mainModule.client],
    mode: 'development',
    autoupdate,
  });
  const vite = await createServer({ ...base, server: { ...base.server, middlewareMode: true, ws: { server: httpServer } } });
  const entryUrl = `/@id/${CLIENT_ENTRY_ID}`;
  const graph = vite.environments['client']?.moduleGraph;
  if (graph === undefined) throw new Error('Vite has no client environment');
  const guardOptions = {
    root: vite.config.root,
    depsDir: join(vite.config.cacheDir, 'deps'),
    entryUrls: [entryUrl],
    graph: { has: (url: string) => graph.urlToModuleMap.has(url) },
  };
  const viteMiddleware = vite.middlewares as unknown as RequestHandler;
  // A first start (no pre-bundled dependencies yet) settles them in the background and holds
  // module requests until then; later starts reuse Vite's cache and serve at once.
  const settling = existsSync(join(vite.config.cacheDir, 'deps', '_metadata.json'))
    ? undefined
    : Promise.race([
        settleClientDependencies(vite, CLIENT_ENTRY_ID).catch((error: unknown) =>
          console.warn(`=> Warning: pre-bundling the client's dependencies failed: ${String(error)}`),
        ),
        // Never hold the page longer than this, whatever Vite does.
        new Promise<void>((resolve) => setTimeout(resolve, MAX_SETTLE_MS).unref()),
      ]);
  let closed: Promise<void> | undefined;
  return {
    middleware: (req, res, next) => {
      if (devRequestDecision(req.method, req.url, guardOptions) === 'bypass') next();
      else if (settling === undefined) void viteMiddleware(req, res, next);
      else void settling.then(() => viteMiddleware(req, res, next));
    },
    transformHtml: (url, html) => vite.transformIndexHtml(url, html),
    entryUrl,
    close() {
      closed ??= vite.close();
      return closed;
    },
  };
}
