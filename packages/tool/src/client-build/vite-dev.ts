import type { Server } from 'node:http';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import { createServer } from 'vite';
import { readAppConfig } from '../app/app-config';
import { readMeteorPackages } from '../app/meteor-packages';
import { devRequestDecision } from './dev-request-guard';
import { CLIENT_ENTRY_ID } from './perseid-vite-plugin';
import { clientViteConfig } from './vite-config';
import { readAppAliases } from '../app/app-aliases';

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
  const { globals } = readMeteorPackages(root);
  const base = clientViteConfig({ root, globals, aliases: await readAppAliases(root, (line) => console.warn(line)), mainModules: config.mainModule.client === undefined ? [] : [config.mainModule.client], mode: 'development' });
  const vite = await createServer({ ...base, server: { ...base.server, middlewareMode: true, ws: { server: httpServer } } });
  const entryUrl = `/@id/${CLIENT_ENTRY_ID}`;
  const graph = vite.environments['client']?.moduleGraph;
  if (graph === undefined) throw new Error('Vite has no client environment');
  const guardOptions = { root: vite.config.root, depsDir: join(vite.config.cacheDir, 'deps'), entryUrls: [entryUrl], graph: { has: (url: string) => graph.urlToModuleMap.has(url) } };
  const viteMiddleware = vite.middlewares as unknown as RequestHandler;
  let closed: Promise<void> | undefined;
  return {
    middleware: (req, res, next) => {
      if (devRequestDecision(req.method, req.url, guardOptions) === 'bypass') next();
      else void viteMiddleware(req, res, next);
    },
    transformHtml: (url, html) => vite.transformIndexHtml(url, html),
    entryUrl,
    close() {
      closed ??= vite.close();
      return closed;
    },
  };
}
