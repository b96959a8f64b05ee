/**
 * Server side of the WebApp page benchmark, run in its own process so the load generator does
 * not share its event loop: a WebApp configured like the app's page, and a baseline bare
 * `node:http` server answering the same bytes. Prints `{ webapp, baseline }` ports as JSON.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createWebApp } from '@perseid/webapp';

const webApp = createWebApp();
webApp.configure({
  runtime: {
    rootUrl: 'http://localhost:3000',
    settings: { public: { appName: 'Perseid' }, secret: 'x' },
    nodeEnv: 'production',
    testMode: false,
    clientVersion: 'bench',
  },
  page: {
    head: '<title>Perseid</title><meta name="description" content="Perseid: live team chat">',
    body: '<div id="react-target"></div>',
    stylesheets: ['/assets/client-entry-Bvp-ziUM.css'],
    scripts: ['/assets/client-entry-CMWu398O.js'],
  },
});
webApp.handlers.get('/api/ping', (_req, res) => {
  res.json({ ok: true });
});

await new Promise<void>((resolve) => webApp.httpServer.listen(0, '127.0.0.1', resolve));
const pageHtml = await webApp.renderPage('/', 'benchnonce');
const baseline = createServer((req, res) => {
  if (req.url === '/api/ping') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"ok":true}');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml);
});
await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));

// Second baseline: Express 5 alone (no WebApp middleware), same bytes.
const bare = express();
bare.get('/api/ping', (_req, res) => {
  res.json({ ok: true });
});
bare.get('/', (_req, res) => {
  res.type('html').send(pageHtml);
});
const bareServer = createServer(bare);
await new Promise<void>((resolve) => bareServer.listen(0, '127.0.0.1', resolve));

const port = (s: { address(): unknown }): number => (s.address() as AddressInfo).port;
process.stdout.write(
  `${JSON.stringify({ webapp: port(webApp.httpServer), baseline: port(baseline), express: port(bareServer), pageBytes: Buffer.byteLength(pageHtml) })}\n`,
);
process.on('disconnect', () => process.exit(0));
