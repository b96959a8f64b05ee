import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { WebSocket } from 'ws';
import { mountMetricsRoute, Server } from '@perseid/ddp-server';
import { collection, startDatabase, type Database } from './fixture';
import { eventually } from '../../../tests/helpers/eventually';

type Frame = Record<string, unknown>;

/** Reads `name{labels} value` out of a Prometheus text exposition (labels matched as given). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(match[3]);
  }
  return undefined;
}

async function ddpClient(url: string): Promise<{ frames: Frame[]; send(f: Frame): void; until(p: (f: Frame) => boolean): Promise<Frame>; close(): void }> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as Frame);
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const client = {
    frames,
    send: (f: Frame) => ws.send(JSON.stringify(f)),
    until: async (p: (f: Frame) => boolean) => {
      for (;;) {
        const found = frames.find(p);
        if (found) return found;
        await new Promise<void>((r) => waiters.push(r));
      }
    },
    close: () => ws.close(),
  };
  client.send({ msg: 'connect', version: '1', support: ['1'] });
  await client.until((f) => f['msg'] === 'connected');
  return client;
}

describe('GET /__perseid/metrics reports the observers and change streams of mongo', function () {
  this.timeout(20_000);
  let db: Database;
  before(async () => {
    db = await startDatabase();
  });
  after(async () => {
    await db.stop();
  });

  it('counts observers per driver, change streams by state and change events as real clients subscribe and write', async () => {
    const driver = db.driver();
    const messages = collection<{ _id: string; room: string; text: string }>(driver, 'metricsmsgs', { defineMutationMethods: false });
    const server = new Server({ log: () => undefined });
    server.publish('room', (room: unknown) => messages.find({ room: String(room) }));
    server.publish('room.polled', (room: unknown) => messages.find({ room: String(room) }, { disableOplog: true, pollingIntervalMs: 50 }));
    server.methods({
      'messages.send': async (text: unknown) => {
        await messages.insertAsync({ room: 'r', text: String(text) });
      },
    });
    const ws = createServer((_q, s) => void s.end());
    const stream = server.attach(ws, {});
    await new Promise<void>((r) => ws.listen(0, '127.0.0.1', r));
    const app = express();
    mountMetricsRoute(app, { server, token: 'scraper-token' });
    const http = createServer(app);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const scrape = async (): Promise<string> => {
      const response = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/__perseid/metrics`, {
        headers: { authorization: 'Bearer scraper-token' },
      });
      assert.equal(response.status, 200);
      return response.text();
    };
    const url = `ws://127.0.0.1:${(ws.address() as AddressInfo).port}/websocket`;
    const [live, polled] = [await ddpClient(url), await ddpClient(url)];
    try {
      const before = await scrape();
      const observers = (text: string, name: string) => sample(text, 'perseid_observers', { driver: name }) ?? 0;
      live.send({ msg: 'sub', id: 's1', name: 'room', params: ['r'] });
      polled.send({ msg: 'sub', id: 's2', name: 'room.polled', params: ['r'] });
      await live.until((f) => f['msg'] === 'ready');
      await polled.until((f) => f['msg'] === 'ready');

      const during = await scrape();
      assert.equal(observers(during, 'changeStreams') - observers(before, 'changeStreams'), 1);
      assert.equal(observers(during, 'polling') - observers(before, 'polling'), 1);
      assert.ok((sample(during, 'perseid_change_streams', { state: 'streaming' }) ?? 0) >= 1);

      const eventsBefore = sample(during, 'perseid_change_events_total') ?? 0;
      live.send({ msg: 'method', id: 'm1', method: 'messages.send', params: ['hello'] });
      await live.until((f) => f['msg'] === 'updated');
      await live.until((f) => f['msg'] === 'added');
      const after = await scrape();
      assert.ok((sample(after, 'perseid_change_events_total') ?? 0) > eventsBefore);
      assert.ok((sample(after, 'perseid_change_stream_lag_seconds') ?? -1) >= 0);

      live.send({ msg: 'unsub', id: 's1' });
      polled.send({ msg: 'unsub', id: 's2' });
      await eventually('the polling observer is gone from the metrics', async () => observers(await scrape(), 'polling') === observers(before, 'polling'));
      assert.equal(observers(await scrape(), 'changeStreams'), observers(before, 'changeStreams'));
    } finally {
      live.close();
      polled.close();
      await server.close();
      await stream.close();
      for (const h of [ws, http]) {
        h.closeAllConnections();
        await new Promise<void>((r) => h.close(() => r()));
      }
    }
  });
});
