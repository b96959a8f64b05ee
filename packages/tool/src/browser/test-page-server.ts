import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BundleFiles } from './bundle-browser-test';

const require = createRequire(import.meta.url);
const MOCHA_BROWSER_BUILD = require.resolve('mocha/mocha.js');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
  map: 'application/json',
};

export interface TestPageServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Serves one test page on 127.0.0.1 (ephemeral port): mocha's browser build, then the bundle.
 * The page is plain HTTP on its own origin so tests can use fetch, storage and WebSockets.
 */
export async function startTestPageServer(bundle: BundleFiles, port = 0): Promise<TestPageServer> {
  const mochaSource = readFileSync(MOCHA_BROWSER_BUILD);
  const css = bundle.has('/entry.css') ? '<link rel="stylesheet" href="/entry.css">' : '';
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>perseid browser tests</title>${css}</head>` +
    `<body><div id="mocha"></div><script src="/mocha.js"></script><script type="module" src="/entry.js"></script></body></html>`;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const body = path === '/' ? Buffer.from(html) : path === '/mocha.js' ? mochaSource : bundle.get(path);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const ext = path === '/' ? 'html' : path.slice(path.lastIndexOf('.') + 1);
    res.writeHead(200, { 'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${bound}/`,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return stopped;
    },
  };
}
