/**
 * Fuzz: 100,000 malformed or random frames from a seeded generator, before and after `connect`,
 * over several sockets. The server must answer without crashing or logging internal exceptions,
 * and still serve a well-behaved client afterwards.
 */
import assert from 'node:assert/strict';
import { Random } from '@perseid/random';
import type { Subscription } from '../src/index';
import { msg, RawClient, startTestServer, UNLIMITED_CONNECTIONS, UNTHROTTLED } from './helpers';

const FRAMES = 100_000;
const BATCH = 2_000;
const rng = Random.createWithSeeds('perseid-ddp-fuzz');

const pick = <T>(items: readonly T[]): T => items[Math.floor(rng.fraction() * items.length)] as T;
const int = (max: number) => Math.floor(rng.fraction() * max);

function randomScalar(): unknown {
  return pick([
    () => rng.id(int(8)),
    () => int(1e9) - 5e8,
    () => rng.fraction(),
    () => null,
    () => true,
    () => '',
    () => -0,
    () => 1e308,
    () => '\u0000\uffff',
    () => '__proto__',
  ])();
}

function randomValue(depth = 0): unknown {
  if (depth > 3 || rng.fraction() < 0.5) return randomScalar();
  return pick([
    () => Array.from({ length: int(4) }, () => randomValue(depth + 1)),
    () =>
      Object.fromEntries(
        Array.from({ length: int(4) }, () => [
          pick(['a', '$date', '$binary', '$type', '$value', '$escape', '__proto__', 'constructor', 'msg', 'id']),
          randomValue(depth + 1),
        ]),
      ),
    () => ({ $date: randomScalar() }),
    () => ({ $binary: randomScalar() }),
    () => ({ $type: randomScalar(), $value: randomValue(depth + 1) }),
    () => ({ $escape: randomValue(depth + 1) }),
    () => ({ $InfNaN: randomScalar() }),
  ])();
}

/** Session ids seen in `connected` frames, so some frames try to resume real sessions. */
const sessionIds: string[] = [];

const MSGS = ['connect', 'ping', 'pong', 'sub', 'unsub', 'method', 'added', 'result', 'nosuch', '', 'toString', '__proto__'];
const FIELDS = ['id', 'name', 'params', 'method', 'version', 'support', 'session', 'receivedCount', 'randomSeed', 'fields'];

function randomFrame(): string {
  return pick([
    // Random bytes / broken text.
    () => Array.from({ length: int(40) }, () => String.fromCharCode(int(0x3000))).join(''),
    // Truncated JSON.
    () => JSON.stringify({ msg: pick(MSGS), id: rng.id() }).slice(0, int(20)),
    // Any JSON value.
    () => JSON.stringify(randomValue()) ?? 'null',
    // A message-shaped object with random field values.
    () => {
      const frame: Record<string, unknown> = { msg: rng.fraction() < 0.9 ? pick(MSGS) : randomValue() };
      for (let i = int(5); i > 0; i -= 1) frame[pick(FIELDS)] = randomValue();
      return JSON.stringify(frame);
    },
    // Nearly valid messages.
    () => JSON.stringify({ msg: 'sub', id: rng.id(), name: pick(['echo', 'missing', 'throws']), params: [randomValue()] }),
    () => JSON.stringify({ msg: 'method', id: rng.id(), method: pick(['echo', 'missing', 'throws']), params: [randomValue()], randomSeed: randomValue() }),
    () => JSON.stringify({ msg: 'unsub', id: rng.id() }),
    // Deep nesting.
    () => '['.repeat(int(5000)) + ']'.repeat(int(5000)),
    // Resumption attempts on live sessions, with plausible and absurd counts.
    () =>
      JSON.stringify({
        msg: 'connect',
        version: pick(['1', 'pre2', '2']),
        support: ['1', 'pre2'],
        session: sessionIds.length > 0 ? pick(sessionIds) : rng.id(),
        receivedCount: pick([0, 1, 2, int(1000), -1, 1.5, 1e300]),
      }),
  ])();
}

describe('fuzz: 10^5 malformed and random frames', function () {
  this.timeout(120_000);

  it('never crashes, answers every frame it must, and still serves a well-behaved client', async () => {
    // Read as fast as they come, sockets opened as fast as wanted: the inbound throttle and the
    // connection limits (their own tests) would stretch 10^5 frames over minutes.
    const t = await startTestServer({ heartbeatInterval: 0, ...UNTHROTTLED, ...UNLIMITED_CONNECTIONS });
    t.server.publish('echo', function (this: Subscription, value: unknown) {
      this.added('echo', rng.id(), { value });
      this.ready();
    });
    t.server.publish('throws', () => {
      throw new Error('publication failure');
    });
    t.server.methods({
      echo: (value: unknown) => value,
      throws: () => {
        throw new Error('method failure');
      },
    });
    try {
      const sockets: RawClient[] = [];
      for (let i = 0; i < 4; i += 1) {
        const socket = await RawClient.open(t.url);
        // Half the sockets fuzz after the handshake, half before it.
        if (i % 2 === 0) {
          socket.send({ msg: 'connect', version: '1', support: ['1'] });
          await socket.next(msg('connected'));
        }
        sockets.push(socket);
      }
      let sent = 0;
      while (sent < FRAMES) {
        for (let i = 0; i < BATCH; i += 1, sent += 1) {
          const index = sent % sockets.length;
          let socket = sockets[index] as RawClient;
          if (socket.closeCode !== undefined) {
            socket = await RawClient.open(t.url);
            sockets[index] = socket;
          }
          socket.send(randomFrame());
        }
        for (const socket of sockets) {
          for (const frame of socket.frames) {
            if (frame['msg'] === 'connected' && typeof frame['session'] === 'string' && !sessionIds.includes(frame['session'])) {
              sessionIds.push(frame['session']);
            }
          }
        }
        // Bound the in-flight work: each open, connected socket must still answer a ping.
        for (const socket of sockets) {
          if (socket.closeCode !== undefined) continue;
          const id = `sync-${sent}`;
          socket.send({ msg: 'ping', id });
          // A connected socket answers pong; one still awaiting connect answers "Must connect first".
          await socket
            .next((frame) => frame['id'] === id || (frame['offendingMessage'] as Record<string, unknown> | undefined)?.['id'] === id)
            .catch(() => undefined);
        }
      }
      assert.equal(sent, FRAMES);
      const internal = t.logged.filter((entry) => entry.message.startsWith('Internal exception'));
      assert.deepEqual(internal, []);

      const { client } = await RawClient.connect(t.url);
      client.send({ msg: 'method', id: 'ok', method: 'echo', params: [{ $date: 42 }] });
      assert.deepEqual(await client.next(msg('result')), { msg: 'result', id: 'ok', result: { $date: 42 } });
      client.send({ msg: 'sub', id: 's', name: 'echo', params: ['hi'] });
      assert.deepEqual((await client.next(msg('added')))['fields'], { value: 'hi' });
      await client.next(msg('ready'));
      await client.close();
      await Promise.all(sockets.map((socket) => socket.close()));
    } finally {
      await t.close();
    }
  });
});
