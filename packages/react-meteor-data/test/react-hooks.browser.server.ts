/**
 * Companion of react-hooks.browser.test.tsx (runs in Node): a real DDP server with a
 * `messages` publication over an in-memory table, and methods the page calls to make
 * the server insert, update and remove documents.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Subscription } from '@perseid/ddp-server';

let http: HttpServer | undefined;
let ddp: Server | undefined;
let stream: { close(): Promise<void> } | undefined;

export async function setup(): Promise<{ ddpUrl: string }> {
  const docs = new Map<string, { text: string; order: number }>();
  const subs = new Set<Subscription>();
  ddp = new Server({ log: () => {} });
  ddp.publish('messages', function (this: Subscription) {
    subs.add(this);
    this.onStop(() => void subs.delete(this));
    for (const [id, doc] of docs) this.added('messages', id, { ...doc });
    this.ready();
  });
  ddp.methods({
    'test.subscriberCount'() {
      return subs.size;
    },
    'test.reset'() {
      for (const id of docs.keys()) for (const sub of subs) sub.removed('messages', id);
      docs.clear();
    },
    'test.add'(id: string, text: string, order: number) {
      docs.set(id, { text, order });
      for (const sub of subs) sub.added('messages', id, { text, order });
    },
    'test.edit'(id: string, text: string) {
      const doc = docs.get(id);
      if (doc === undefined) throw new Error(`no ${id}`);
      doc.text = text;
      for (const sub of subs) sub.changed('messages', id, { text });
    },
    'test.remove'(id: string) {
      docs.delete(id);
      for (const sub of subs) sub.removed('messages', id);
    },
  });
  http = createServer((_req, res) => res.end());
  // The test page is served from another 127.0.0.1 port, so its Origin differs.
  stream = ddp.attach(http, { allowedOrigins: ['*'] });
  await new Promise<void>((resolve) => http?.listen(0, '127.0.0.1', resolve));
  return { ddpUrl: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/websocket` };
}

export async function teardown(): Promise<void> {
  await ddp?.close();
  await stream?.close();
  http?.closeAllConnections();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
}
