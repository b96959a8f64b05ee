/**
 * Node-side companion of page-fixture.browser.test.ts: starts a small HTTP server the page
 * must reach, proving companions run in Node and their setup() values reach window.__TEST_ENV__.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

let server: Server | undefined;

export async function setup(): Promise<{ echoUrl: string; fromNode: string }> {
  const companion = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify({ path: req.url, servedBy: 'node companion' }));
  });
  server = companion;
  await new Promise<void>((resolve) => companion.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { echoUrl: `http://127.0.0.1:${port}`, fromNode: process.version };
}

export async function teardown(): Promise<void> {
  const s = server;
  server = undefined;
  if (s === undefined) return;
  s.closeAllConnections();
  await new Promise<void>((resolve) => s.close(() => resolve()));
}
