/**
 * Three app server processes on one minimongod behind a real HAProxy (Debian's package, with the
 * configuration haproxyConfig writes); every client connects to the balancer's one address.
 * Skipped when no `haproxy` binary is installed (.ci/run installs it). Proves:
 * - sticky sessions: a socket that drops and reconnects with the balancer's cookie reaches the
 *   same server and resumes its DDP session;
 * - clients spread over all servers see each other's writes;
 * - kill -9 of a server: its clients reconnect through HAProxy to the others, re-sent calls run
 *   once, every client converges to the database's messages, each exactly once;
 * - the database down under every server: every health check fails, HAProxy fails open to the
 *   servers' unchecked twins, and a client that connects meanwhile is served its room from a
 *   server's cache; its write waits for the database and succeeds;
 * - SIGTERM: the draining server answers its health check with 503, HAProxy takes it out of
 *   rotation while it still finishes its calls, its clients move to the server left, and
 *   nothing is lost.
 */
import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import { WebSocket } from 'ws';
import { STICKY_COOKIE } from '../src/cluster/haproxy-config';
import { chatClient, probeUntil, RestartableDatabase, startAppServer, subscribed, type AppServerProcess, type ChatClient } from './cluster-fixture';
import { findHaproxy, startHaproxy, type HaproxyHandle } from './haproxy-fixture';
import { eventually } from '../../../tests/helpers/eventually';

const ROOMS = ['alpha', 'beta', 'gamma'] as const;
const CLIENTS = 45;
/**
 * Every client here is 127.0.0.1 and reaches the servers through one balancer, so the
 * per-address connection limits (meant for one remote host) would count them all as one.
 */
const SERVER_ENV = {
  METEOR_SETTINGS: JSON.stringify({ packages: { 'ddp-server': { maxConnectionsPerAddress: 10_000, newConnectionsPerAddress: 10_000 } } }),
  HTTP_FORWARDED_COUNT: '1',
};

interface Participant {
  readonly client: ChatClient;
  readonly room: string;
  readonly name: string;
}

interface RawSocket {
  /** The `connected` frame's session id. */
  readonly session: string;
  /** The balancer's Set-Cookie (name=value), if it sent one. */
  readonly cookie: string | undefined;
  /** Frames counted for resumption so far, over this socket and the ones it resumed. */
  received(): number;
  close(): Promise<void>;
}

/** A raw DDP socket through the balancer: `connect` (optionally resuming) with an optional Cookie. */
async function rawConnect(url: string, cookie?: string, resume?: { session: string; receivedCount: number }): Promise<RawSocket> {
  const ws = new WebSocket(url, cookie === undefined ? {} : { headers: { Cookie: cookie } });
  let setCookie: string | undefined;
  ws.once('upgrade', (response) => {
    const header = response.headers['set-cookie']?.find((c) => c.startsWith(`${STICKY_COOKIE}=`));
    setCookie = header?.split(';')[0];
  });
  let counted = 0;
  const session = new Promise<string>((resolve, reject) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { msg?: unknown; session?: unknown };
      // Counted as the client library counts: msg-less frames (server_id) and heartbeats are not.
      if (typeof frame.msg !== 'string' || frame.msg === 'ping' || frame.msg === 'pong') return;
      counted++;
      if (frame.msg === 'connected' && typeof frame.session === 'string') resolve(frame.session);
    });
    ws.once('error', reject);
    ws.once('close', () => reject(new Error('closed before connected')));
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'], ...(resume ?? {}) }));
  const id = await session;
  return {
    session: id,
    cookie: setCookie ?? cookie,
    received: () => (resume?.receivedCount ?? 0) + counted,
    close: () =>
      new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
}

describe('three servers behind HAProxy', function () {
  this.timeout(120_000);
  const binary = findHaproxy();
  const db = new RestartableDatabase();
  const servers: AppServerProcess[] = [];
  const participants: Participant[] = [];
  let balancer: HaproxyHandle | undefined;
  let mongo: MongoClient | undefined;

  const proxy = (): HaproxyHandle => {
    if (balancer === undefined) throw new Error('no balancer');
    return balancer;
  };
  const database = (): MongoClient => {
    if (mongo === undefined) throw new Error('no database client');
    return mongo;
  };

  async function assertExactlyOnce(texts: readonly string[]): Promise<void> {
    // Room `slow` holds the `slow` method's markers, the same text from every caller.
    const docs = await database()
      .db()
      .collection<{ text: string; room: string }>('messages')
      .find({ room: { $ne: 'slow' } })
      .toArray();
    const counts = new Map<string, number>();
    for (const d of docs) counts.set(d.text, (counts.get(d.text) ?? 0) + 1);
    assert.deepEqual(
      [...counts].filter(([, n]) => n > 1),
      [],
      'no message stored twice',
    );
    assert.deepEqual(
      texts.filter((t) => !counts.has(t)),
      [],
      'no message lost',
    );
  }

  async function assertConverged(): Promise<void> {
    for (const room of ROOMS) {
      const docs = await database().db().collection<{ _id: string; room: string; text: string }>('messages').find({ room }).toArray();
      const truth = new Map(docs.map((d) => [d._id, d.text]));
      for (const p of participants.filter((x) => x.room === room)) {
        await probeUntil(
          `${p.name} converged on ${room}`,
          () => {
            const seen = p.client.messages.find({ room }).fetch();
            return seen.length === truth.size && seen.every((m) => truth.get(m._id) === m.text);
          },
          (ok) => ok,
        );
      }
    }
  }

  function conversation(phase: string, count: number): { texts: string[]; done: Promise<unknown> } {
    const texts: string[] = [];
    const runs = participants.map(async (p) => {
      for (let k = 0; k < count; k++) {
        const text = `${phase} ${p.name} #${k}`;
        texts.push(text);
        await p.client.send(p.room, text);
      }
    });
    return { texts, done: Promise.all(runs) };
  }

  /** HAProxy's view: every server named is UP, every other one is not. */
  async function rotation(): Promise<string[]> {
    return (await proxy().servers()).filter((s) => s.status === 'UP').map((s) => s.name);
  }

  before(async function () {
    if (binary === undefined) {
      console.log("    (skipped: no haproxy on PATH; install Debian's package: apt-get install -y haproxy)");
      this.skip();
    }
    await db.start();
    mongo = new MongoClient(db.url, { serverSelectionTimeoutMS: 30_000 });
    servers.push(...(await Promise.all([0, 1, 2].map(() => startAppServer(db.url, SERVER_ENV)))));
    balancer = await startHaproxy(
      binary,
      servers.map((s, i) => ({ name: `app${i}`, host: '127.0.0.1', port: s.port })),
      { checkIntervalMs: 200, fall: 2, rise: 1 },
    );
    await probeUntil('every server in rotation', rotation, (up) => up.length === servers.length);
  });

  after(async () => {
    for (const p of participants) p.client.close();
    await balancer?.stop();
    for (const s of servers) {
      if (s.isAlive()) s.kill('SIGKILL');
      await s.exited;
    }
    await mongo?.close();
    await db.remove();
  });

  it("a socket that reconnects with the balancer's cookie reaches its server again and resumes its session", async () => {
    const first = await rawConnect(proxy().url);
    assert.ok(first.cookie !== undefined, 'the upgrade response sets the sticky cookie');
    let previous = first;
    // With nothing else connected, leastconn alone would take each new socket to the next server.
    for (let i = 0; i < 4; i++) {
      const received = previous.received();
      await previous.close();
      const again = await rawConnect(proxy().url, first.cookie, { session: first.session, receivedCount: received });
      assert.equal(again.session, first.session, `reconnect ${i + 1} resumed the session`);
      previous = again;
    }
    await previous.close();
  });

  it('spreads clients over every server, and each sees the writes made through the others', async () => {
    for (let i = 0; i < CLIENTS; i++) {
      participants.push({ client: chatClient(() => proxy().url), room: ROOMS[i % ROOMS.length] as string, name: `c${i}` });
    }
    await Promise.all(participants.map((p) => subscribed(p.client, p.room)));
    const load = await proxy().servers();
    assert.ok(
      load.every((s) => s.current > 0),
      `every server holds clients: ${JSON.stringify(load)}`,
    );
    const { texts, done } = conversation('hello', 2);
    await done;
    await assertExactlyOnce(texts);
    await assertConverged();
  });

  it('database down under every server: HAProxy fails open, a client connecting meanwhile gets its room from cache, its write waits and succeeds', async () => {
    const room = ROOMS[0];
    // Every server observes the room (a client of its own on it), so whichever one HAProxy
    // picks has it in cache.
    const anchors = servers.map((server) => chatClient(() => server.url));
    await Promise.all(anchors.map((anchor) => subscribed(anchor, room)));
    const cached = await database().db().collection('messages').countDocuments({ room });
    await db.stop();
    let restarted = false;
    try {
      // DOWN itself: a server going down ("UP 1/2") still takes new sockets.
      await probeUntil(
        'every server DOWN',
        () => proxy().servers(),
        (states) => states.every((s) => s.status === 'DOWN'),
      );
      const newcomer: Participant = { client: chatClient(() => proxy().url), room, name: 'newcomer' };
      participants.push(newcomer);
      let ready = false;
      void subscribed(newcomer.client, room).then(() => (ready = true));
      // Without a fallback HAProxy answers 503 to every upgrade until a check passes again.
      await eventually('the newcomer subscribed through HAProxy while the database is down', () => ready, { timeoutMs: 15_000 });
      const served = newcomer.client.messages.find({}).fetch();
      assert.equal(served.length, cached, 'the whole room, from the cache');
      assert.ok(served.every((m) => m.room === room));
      const fallbacks = (await proxy().servers(true)).filter((s) => s.backup);
      assert.ok(
        fallbacks.some((s) => s.current > 0),
        `a fallback carries it: ${JSON.stringify(fallbacks)}`,
      );
      const sent = newcomer.client.send(room, 'sent during the outage');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await db.start();
      restarted = true;
      await sent;
      await probeUntil('every server back in rotation', rotation, (up) => up.length === servers.length);
      await assertExactlyOnce(['sent during the outage']);
      await assertConverged();
    } finally {
      // A failure here leaves the next cases a database to work with.
      if (!restarted) await db.start();
      for (const anchor of anchors) anchor.close();
    }
  });

  it('kill -9 of a server: its clients come back through HAProxy on the others, re-sent calls run once, all converge', async () => {
    const victim = 1;
    const before = await proxy().servers();
    assert.ok((before[victim]?.current ?? 0) > 0, 'the victim holds clients');
    // Every client has a call whose write is done but whose answer is not sent yet.
    const lingering = participants.map((p) => p.client.sendAndLinger(p.room, `linger ${p.name}`, 4_000));
    await probeUntil(
      'lingering writes stored',
      () =>
        database()
          .db()
          .collection('messages')
          .countDocuments({ text: /^linger / }),
      (n) => n === participants.length,
    );
    const { texts, done } = conversation('kill', 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    (servers[victim] as AppServerProcess).kill('SIGKILL');
    const ids = await Promise.all(lingering);
    await done;
    assert.equal(new Set(ids).size, participants.length, 'each re-sent call answered with its own first id');
    await assertExactlyOnce([...texts, ...participants.map((p) => `linger ${p.name}`)]);
    await assertConverged();
    await probeUntil('the dead server out of rotation', rotation, (up) => up.length === 2 && !up.includes(`app${victim}`));
    for (const p of participants) assert.ok(p.client.connection.status().connected, `${p.name} connected`);
  });

  it('SIGTERM: while the server drains, its health 503 takes it out of rotation; its clients move to the server left, nothing is lost', async () => {
    const leaving = 0;
    const staying = 2;
    // A call in flight everywhere keeps the leaving server draining (alive, port open) for a while.
    const inFlight = participants.map((p) => p.client.connection.callAsync('slow', 5_000));
    await probeUntil(
      'every slow call running',
      () => database().db().collection('messages').countDocuments({ room: 'slow' }),
      (n) => n === participants.length,
    );
    const server = servers[leaving] as AppServerProcess;
    server.kill('SIGTERM');
    await probeUntil('the draining server out of rotation', rotation, (up) => up.length === 1 && up[0] === `app${staying}`);
    // A TCP check would still see it up: only the health answer can have taken it out.
    assert.ok(server.isAlive(), 'taken out of rotation while it still drains');
    const { texts, done } = conversation('drain', 3);
    assert.deepEqual(
      await Promise.all(inFlight),
      participants.map(() => 'waited 5000 ms'),
      'calls in flight on the draining server finish',
    );
    assert.deepEqual(await server.exited, { code: 0, signal: null }, 'the draining server exits 0');
    await done;
    await probeUntil(
      'every client on the staying server',
      // A socket opened while the database was down stays counted on the fallback twin.
      async () => (await proxy().servers(true)).filter((s) => s.name.startsWith(`app${staying}`)).reduce((sum, s) => sum + s.current, 0),
      (current) => current === participants.length,
    );
    await assertExactlyOnce(texts);
    await assertConverged();
  });
});
