/**
 * Companion of client-collection.browser.test.tsx (runs in Node): a real DDP server with
 * a `messages` publication over an in-memory table, methods the page calls to make the
 * server insert, update and remove, and `messages.send`, whose client stub the page defines.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MeteorError } from '@perseid/meteor-core';
import { Server, type MethodInvocation, type Subscription } from '@perseid/ddp-server';

let http: HttpServer | undefined;
let ddp: Server | undefined;
let stream: { close(): Promise<void> } | undefined;

export async function setup(): Promise<{ ddpUrl: string }> {
  const docs = new Map<string, Record<string, unknown>>();
  const subs = new Set<Subscription>();
  const add = (id: string, fields: Record<string, unknown>) => {
    docs.set(id, fields);
    for (const sub of subs) sub.added('messages', id, { ...fields });
  };
  let release: (() => void) | undefined;
  ddp = new Server({ log: () => {} });
  ddp.publish('messages', function (this: Subscription) {
    subs.add(this);
    this.onStop(() => void subs.delete(this));
    for (const [id, doc] of docs) this.added('messages', id, { ...doc });
    this.ready();
  });
  ddp.methods({
    'test.add'(id: string, text: string, order: number) {
      add(id, { text, order });
    },
    'test.edit'(id: string, text: string) {
      const doc = docs.get(id);
      if (doc === undefined) throw new MeteorError('test.missing', id);
      doc.text = text;
      for (const sub of subs) sub.changed('messages', id, { text });
    },
    'test.burst'(prefix: string, count: number) {
      for (let i = 0; i < count; i++) add(`${prefix}${i}`, { text: `${prefix}${i}`, order: 100 + i, sent: true });
    },
    'test.remove'(id: string) {
      docs.delete(id);
      for (const sub of subs) sub.removed('messages', id);
    },
    /** Holds `messages.send` until test.release, so the page can look at the optimistic state. */
    'test.hold'() {
      void new Promise<void>((resolve) => (release = resolve));
    },
    'test.release'() {
      release?.();
      release = undefined;
    },
    async 'messages.send'(this: MethodInvocation, text: string, order: number) {
      if (text === '') throw new MeteorError('messages.empty', 'Message is empty');
      const id = this.randomStream('/collection/messages').id();
      const gate =
        release === undefined
          ? undefined
          : new Promise<void>((resolve) => {
              const previous = release;
              release = () => {
                previous?.();
                resolve();
              };
            });
      this.unblock();
      await gate;
      add(id, { text, order, sent: true });
      return id;
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
