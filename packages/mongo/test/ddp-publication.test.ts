import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { Server } from '@perseid/ddp-server';
import { RandomStream } from '@perseid/random';
import type { RemoteCollectionDriver } from '../src/index';
import { collection, startDatabase, type Database } from './fixture';

type Frame = Record<string, unknown>;

/** A bare WebSocket DDP peer recording every frame it receives. */
async function openPeer(url: string): Promise<{ frames: Frame[]; send(f: Frame): void; until(p: (f: Frame) => boolean): Promise<Frame>; close(): void }> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as Frame);
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    frames,
    send: (f) => ws.send(JSON.stringify(f)),
    until: async (p) => {
      for (;;) {
        const found = frames.find(p);
        if (found) return found;
        await new Promise<void>((r) => waiters.push(r));
      }
    },
    close: () => ws.close(),
  };
}

describe('a published cursor over DDP (ddp-server + mongo + minimongod)', function () {
  this.timeout(20_000);
  let db: Database;
  let driver: RemoteCollectionDriver;
  before(async () => {
    db = await startDatabase();
    driver = db.driver();
  });
  after(async () => {
    await db.stop();
  });

  it("sends the method's added before its updated, with the _id the client's seed predicts", async () => {
    const messages = collection<{ _id: string; room: string; text: string }>(driver, 'ddpmsgs', { defineMutationMethods: false });
    await messages.insertAsync({ _id: 'old', room: 'r', text: 'earlier' });
    const server = new Server({ log: () => undefined });
    server.publish('room', (room: unknown) => messages.find({ room: String(room) }, { fields: { text: 1 } }));
    server.methods({
      'messages.send': async (text: unknown) => {
        await messages.insertAsync({ room: 'r', text: String(text) });
        return 'ok';
      },
    });
    const http = createServer((_q, s) => void s.end());
    const stream = server.attach(http, {});
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/websocket`;
    const peer = await openPeer(url);
    try {
      peer.send({ msg: 'connect', version: '1', support: ['1'] });
      await peer.until((f) => f['msg'] === 'connected');
      peer.send({ msg: 'sub', id: 's1', name: 'room', params: ['r'] });
      await peer.until((f) => f['msg'] === 'ready');
      assert.deepEqual(
        peer.frames.filter((f) => f['msg'] === 'added').map((f) => [f['id'], f['fields']]),
        [['old', { text: 'earlier' }]],
      );

      peer.send({ msg: 'method', id: 'm1', method: 'messages.send', params: ['hello'], randomSeed: 'client-seed' });
      await peer.until((f) => f['msg'] === 'updated');
      await peer.until((f) => f['msg'] === 'result');
      const expectedId = new RandomStream({ seed: 'client-seed' }).sequence(`/collection/${messages._name}`).id();
      const kinds = peer.frames.map((f) => (f['msg'] === 'added' ? `added ${String(f['id'])}` : String(f['msg'])));
      const addedAt = kinds.indexOf(`added ${expectedId}`);
      const updatedAt = kinds.indexOf('updated');
      assert.ok(addedAt >= 0, `the new message is published with the seeded id (${kinds.join(', ')})`);
      assert.ok(addedAt < updatedAt, `added comes before updated (${kinds.join(', ')})`);
    } finally {
      peer.close();
      await server.close();
      await stream.close();
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
    }
  });
});
