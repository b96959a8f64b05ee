/** Companion of outbox-tabs.browser.test.ts (runs in Node): a DDP server that counts how often each post ran. */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type MethodInvocation, type Subscription } from '@perseid/ddp-server';
import { MeteorError } from '@perseid/meteor-core';

let http: HttpServer | undefined;
let ddp: Server | undefined;
let stream: { close(): Promise<void> } | undefined;
let closedPort: HttpServer | undefined;

export async function setup(): Promise<{ onlineUrl: string; offlineUrl: string }> {
  const docs = new Map<string, { text: string; by: string }>();
  const runs = new Map<string, number>();
  const subs = new Set<Subscription>();
  const held: Array<() => void> = [];
  ddp = new Server({ log: () => {} });
  ddp.publish('messages', function (this: Subscription) {
    subs.add(this);
    this.onStop(() => void subs.delete(this));
    for (const [id, doc] of docs) this.added('messages', id, { ...doc });
    this.ready();
  });
  ddp.methods({
    post(this: MethodInvocation, text: string) {
      runs.set(text, (runs.get(text) ?? 0) + 1);
      if (text.startsWith('refused')) throw new MeteorError('messages.not-member', 'You are no longer a member');
      const id = this.randomStream('/collection/messages').id();
      docs.set(id, { text, by: 'server' });
      for (const sub of subs) sub.added('messages', id, { text, by: 'server' });
      return id;
    },
    /** As post, but the subscriptions of other connections get the document only at deliverHeld. */
    postHeld(this: MethodInvocation, text: string) {
      runs.set(text, (runs.get(text) ?? 0) + 1);
      const id = this.randomStream('/collection/messages').id();
      docs.set(id, { text, by: 'server' });
      for (const sub of subs) {
        if (sub.connection?.id === this.connection?.id) sub.added('messages', id, { text, by: 'server' });
        else held.push(() => sub.added('messages', id, { text, by: 'server' }));
      }
      return id;
    },
    deliverHeld: () => {
      for (const deliver of held.splice(0)) deliver();
    },
    runs: (text: string) => runs.get(text) ?? 0,
  });
  http = createServer((_req, res) => res.end());
  // The page is served from another 127.0.0.1 port, so its Origin differs.
  stream = ddp.attach(http, { allowedOrigins: ['*'] });
  await new Promise<void>((resolve) => http?.listen(0, '127.0.0.1', resolve));
  // A port that answers no WebSocket: a tab connected to it is offline.
  closedPort = createServer((req) => req.socket.destroy());
  await new Promise<void>((resolve) => closedPort?.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  const offline = (closedPort.address() as AddressInfo).port;
  return { onlineUrl: `http://127.0.0.1:${port}`, offlineUrl: `http://127.0.0.1:${offline}` };
}

export async function teardown(): Promise<void> {
  await ddp?.close();
  await stream?.close();
  http?.closeAllConnections();
  closedPort?.closeAllConnections();
  await new Promise<void>((resolve) => (closedPort ? closedPort.close(() => resolve()) : resolve()));
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
}
