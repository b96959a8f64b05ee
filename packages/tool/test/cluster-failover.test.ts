/**
 * Three app server processes on one minimongod (one MONGO_URL), with DDP clients spread over
 * them; the clients' transport stands in for a load balancer (each (re)connect goes to a live
 * server). Proves, against the real processes:
 * - a write through any server reaches subscribers on every server;
 * - kill -9 of a server mid-conversation: its clients reconnect elsewhere, resubscribe, re-send
 *   the calls left unanswered (some had already written), and every client converges to the
 *   database's messages, each exactly once;
 * - minimongod stopped for a few seconds and restarted mid-conversation: the same, and a client
 *   subscribing during the outage is served the room from its server's cache.
 */
import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import { chatClient, probeUntil, RestartableDatabase, startAppServer, subscribed, type AppServerProcess, type ChatClient } from './cluster-fixture';

const SERVERS = 3;
const CLIENTS_PER_SERVER = 15;
const ROOMS = ['alpha', 'beta', 'gamma'] as const;

interface Participant {
  readonly client: ChatClient;
  readonly home: number;
  readonly room: string;
  readonly name: string;
}

describe('three servers on one database', function () {
  this.timeout(180_000);
  const db = new RestartableDatabase();
  const servers: AppServerProcess[] = [];
  const dead = new Set<number>();
  const participants: Participant[] = [];
  let mongo: MongoClient;

  /** The balancer: a client's own server while it lives, else the next live one. */
  const pick = (home: number, attempt: { n: number }) => (): string => {
    if (!dead.has(home)) return (servers[home] as AppServerProcess).url;
    const alive = servers.map((_, i) => i).filter((i) => !dead.has(i));
    const chosen = alive[(home + attempt.n++) % alive.length] as number;
    return (servers[chosen] as AppServerProcess).url;
  };

  /** The database's messages of a room, id → text. */
  async function roomInDatabase(room: string): Promise<Map<string, string>> {
    const docs = await mongo.db().collection<{ _id: string; room: string; text: string }>('messages').find({ room }).toArray();
    return new Map(docs.map((d) => [d._id, d.text]));
  }

  /** Every client shows exactly its room's messages as the database has them. */
  async function assertConverged(): Promise<void> {
    for (const room of ROOMS) {
      const truth = await roomInDatabase(room);
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

  /** Each text sent exactly once in the database, and all of `texts` there. */
  async function assertExactlyOnce(texts: readonly string[]): Promise<void> {
    const docs = await mongo.db().collection<{ text: string }>('messages').find({}).toArray();
    const counts = new Map<string, number>();
    for (const d of docs) counts.set(d.text, (counts.get(d.text) ?? 0) + 1);
    const doubled = [...counts].filter(([, n]) => n > 1);
    assert.deepEqual(doubled, [], 'no message stored twice');
    const missing = texts.filter((t) => !counts.has(t));
    assert.deepEqual(missing, [], 'no message lost');
  }

  /** A failed call fails the test with what the servers logged. */
  async function withServerLogs<T>(pending: Promise<T>): Promise<T> {
    try {
      return await pending;
    } catch (error) {
      throw new Error(`${String(error)}\n${servers.map((s, i) => `server ${i}:\n${s.output().slice(-2000)}`).join('\n')}`);
    }
  }

  /** Each participant sends `count` messages one after another, tagged with `phase`. */
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

  before(async () => {
    await db.start();
    mongo = new MongoClient(db.url, { serverSelectionTimeoutMS: 30_000 });
    servers.push(...(await Promise.all(Array.from({ length: SERVERS }, () => startAppServer(db.url)))));
    for (let i = 0; i < SERVERS * CLIENTS_PER_SERVER; i++) {
      const home = i % SERVERS;
      // Every room has clients on every server.
      const room = ROOMS[Math.floor(i / SERVERS) % ROOMS.length] as string;
      participants.push({ client: chatClient(pick(home, { n: 0 })), home, room, name: `c${i}` });
    }
    await Promise.all(participants.map((p) => subscribed(p.client, p.room)));
  });

  after(async () => {
    for (const p of participants) p.client.close();
    for (const s of servers) {
      if (s.isAlive()) s.kill('SIGKILL');
      await s.exited;
    }
    await mongo.close();
    await db.remove();
  });

  it('delivers a write made through one server to subscribers on every server', async () => {
    const { texts, done } = conversation('hello', 2);
    await withServerLogs(done);
    await assertExactlyOnce(texts);
    await assertConverged();
  });

  it('kill -9 of a server mid-conversation: its clients move, re-send, and everyone converges, each message once', async () => {
    const victim = 1;
    const moved = participants.filter((p) => p.home === victim);
    // Calls whose write is done on the victim but whose result has not been sent when it dies.
    const lingering = moved.map((p) => p.client.sendAndLinger(p.room, `linger ${p.name}`, 5_000));
    await probeUntil(
      'lingering writes stored',
      async () =>
        await mongo
          .db()
          .collection('messages')
          .countDocuments({ text: /^linger / }),
      (n) => n === moved.length,
    );
    const { texts, done } = conversation('kill', 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    dead.add(victim);
    (servers[victim] as AppServerProcess).kill('SIGKILL');
    const ids = await withServerLogs(Promise.all(lingering));
    await withServerLogs(done);
    assert.equal(new Set(ids).size, moved.length, 'each re-sent call answered with its own first id');
    await assertExactlyOnce([...texts, ...moved.map((p) => `linger ${p.name}`)]);
    await assertConverged();
    for (const p of moved) assert.ok(p.client.connection.status().connected);
  });

  it('minimongod stopped and restarted mid-conversation: writes wait and succeed, everyone converges, each message once', async () => {
    const { texts, done } = conversation('outage', 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await db.stop();
    // A newcomer during the outage is served the room from its server's cache (the query is
    // already observed there), not kept waiting for the database.
    const room = ROOMS[0];
    const newcomer: Participant = { client: chatClient(pick(0, { n: 0 })), home: 0, room, name: 'newcomer' };
    participants.push(newcomer);
    await subscribed(newcomer.client, room);
    const served = newcomer.client.messages.find({}).fetch();
    assert.ok(served.length > 0, 'the newcomer got the cached room');
    assert.ok(
      served.every((m) => m.room === room),
      'and nothing but the room',
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await db.start();
    await withServerLogs(done);
    await assertExactlyOnce(texts);
    await assertConverged();
  });
});
