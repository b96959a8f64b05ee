/** Companion of browser-entry.browser.test.ts (runs in Node): a DDP server with one method and one publication. */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Subscription } from '@perseid/ddp-server';

let http: HttpServer | undefined;
let ddp: Server | undefined;
let stream: { close(): Promise<void> } | undefined;

export async function setup(): Promise<{ ddpUrl: string; httpUrl: string }> {
  ddp = new Server({ log: () => {} });
  ddp.methods({ echo: (value: unknown) => value });
  ddp.publish('numbers', function (this: Subscription) {
    for (let i = 0; i < 3; i++) this.added('numbers', `n${i}`, { value: i, at: new Date(i) });
    this.ready();
  });
  http = createServer((_req, res) => res.end());
  // The page is served from another 127.0.0.1 port, so its Origin differs.
  stream = ddp.attach(http, { allowedOrigins: ['*'] });
  await new Promise<void>((resolve) => http?.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return { ddpUrl: `ws://127.0.0.1:${port}/websocket`, httpUrl: `http://127.0.0.1:${port}` };
}

export async function teardown(): Promise<void> {
  await ddp?.close();
  await stream?.close();
  http?.closeAllConnections();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
}
