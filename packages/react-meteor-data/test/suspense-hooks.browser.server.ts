/**
 * Companion of suspense-hooks.browser.test.tsx (runs in Node): minimongod behind the official
 * driver, a DDP server publishing a `Mongo.Collection` over it, a publication the page can
 * hold back until it opens the gate, one that fails, and methods to insert and to count the
 * live subscriptions per publication.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MeteorError } from '@perseid/meteor-core';
import { Server, type Subscription } from '@perseid/ddp-server';
import { startMinimongod, type MinimongodHandle } from '@perseid/minimongod';
import { Mongo, RemoteCollectionDriver } from '@perseid/mongo';

let mongo: MinimongodHandle | undefined;
let driver: RemoteCollectionDriver | undefined;
let http: HttpServer | undefined;
let ddp: Server | undefined;
let stream: { close(): Promise<void> } | undefined;

export async function setup(): Promise<{ ddpUrl: string; tasksName: string }> {
  mongo = await startMinimongod({ port: 0, quiet: true });
  driver = new RemoteCollectionDriver(mongo.url, { log: () => undefined, changeStreamMaxAwaitMs: 200 });
  const tasksName = 'suspense_tasks';
  const tasks = new Mongo.Collection<{ _id: string; title: string; list: string }>(tasksName, { _driver: driver, defineMutationMethods: false });
  const live = new Map<string, Set<Subscription>>();
  const track = (sub: Subscription, name: string) => {
    const set = live.get(name) ?? new Set<Subscription>();
    live.set(name, set);
    set.add(sub);
    sub.onStop(() => void set.delete(sub));
  };
  let openGate: () => void = () => {};
  let gate = Promise.resolve();
  ddp = new Server({ log: () => {} });
  ddp.publish('tasks', function (this: Subscription, list: string) {
    track(this, 'tasks');
    return tasks.find({ list });
  });
  ddp.publish('gatedTasks', async function (this: Subscription, list: string) {
    track(this, 'gatedTasks');
    // Other messages of the session (the page's method calls) must pass the held publication.
    this.unblock();
    await gate;
    return tasks.find({ list });
  });
  ddp.publish('forbidden', function (this: Subscription) {
    track(this, 'forbidden');
    throw new MeteorError('not-allowed', 'You may not see these tasks');
  });
  ddp.methods({
    'test.closeGate'() {
      gate = new Promise<void>((resolve) => (openGate = resolve));
    },
    'test.openGate'() {
      openGate();
    },
    'test.liveSubscriptions'(name: string) {
      return live.get(name)?.size ?? 0;
    },
    async 'test.insert'(id: string, title: string, list: string) {
      await tasks.insertAsync({ _id: id, title, list });
    },
  });
  http = createServer((_req, res) => res.end());
  // The test page is served from another 127.0.0.1 port, so its Origin differs.
  stream = ddp.attach(http, { allowedOrigins: ['*'] });
  await new Promise<void>((resolve) => http?.listen(0, '127.0.0.1', resolve));
  return { ddpUrl: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/websocket`, tasksName };
}

export async function teardown(): Promise<void> {
  await ddp?.close();
  await stream?.close();
  http?.closeAllConnections();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  await driver?.close();
  await mongo?.stop();
}
