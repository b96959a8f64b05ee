import type { Server } from 'node:http';
import type { RequestHandler } from 'express';
import { createServer } from 'vite';
import { readAppConfig } from '../app/app-config';
import { readMeteorPackages } from '../app/meteor-packages';
import { CLIENT_ENTRY_ID } from './perseid-vite-plugin';
import { clientViteConfig } from './vite-config';

export interface ViteDev {
  readonly middleware: RequestHandler;
  readonly transformHtml: (url: string, html: string) => Promise<string>;
  /** The script URL of the generated client entry. */
  readonly entryUrl: string;
  close(): Promise<void>;
}

/**
 * Vite in middleware mode inside the app's HTTP server: same port, HMR over the same server
 * (Vite only takes WebSocket upgrades with its `vite-hmr` protocol, DDP keeps `/websocket`).
 */
export async function startViteDev(root: string, httpServer: Server): Promise<ViteDev> {
  const config = readAppConfig(root);
  const { globals } = readMeteorPackages(root);
  const base = clientViteConfig({ root, globals, mainModules: config.mainModule.client === undefined ? [] : [config.mainModule.client], mode: 'development' });
  const vite = await createServer({ ...base, server: { ...base.server, middlewareMode: true, hmr: { server: httpServer } } });
  let closed: Promise<void> | undefined;
  return {
    middleware: vite.middlewares as unknown as RequestHandler,
    transformHtml: (url, html) => vite.transformIndexHtml(url, html),
    entryUrl: `/@id/${CLIENT_ENTRY_ID}`,
    close() {
      closed ??= vite.close();
      return closed;
    },
  };
}
