/**
 * /__perseid/health of a real server process on a real minimongod: 200 while the database and
 * the change streams are alive, 503 naming the cause once the database stops, 200 again after
 * it restarts, and the change stream resumed (a write made after the restart reaches a client).
 */
import assert from 'node:assert/strict';
import { chatClient, probeUntil, health, RestartableDatabase, startAppServer, subscribed, type AppServerProcess, type HealthAnswer } from './cluster-fixture';

interface StreamReport {
  collection: string;
  state: string;
  liveness: string;
  lastReadAgeMs: number | null;
  resumeAttempts: number;
}

const streamsOf = (h: HealthAnswer): StreamReport[] => (h.body.checks['changeStreams']?.report ?? []) as StreamReport[];

describe('health of a server process across a database outage', function () {
  this.timeout(90_000);
  const db = new RestartableDatabase();
  let server: AppServerProcess | undefined;
  before(async () => {
    await db.start();
  });
  after(async () => {
    server?.kill('SIGKILL');
    await server?.exited;
    await db.remove();
  });

  it('reports the change streams and the database, 503 while the database is down, 200 once it is back', async () => {
    server = await startAppServer(db.url);
    const port = server.port;
    const client = chatClient(() => `ws://127.0.0.1:${port}/websocket`);
    try {
      await subscribed(client, 'lobby');
      const up = await probeUntil(
        'streams live',
        () => health(port),
        (h) => streamsOf(h).some((s) => s.liveness === 'live'),
      );
      assert.equal(up.httpStatus, 200);
      assert.equal(up.body.status, 'ok');
      assert.equal(up.body.database, 'connected');
      const stream = streamsOf(up).find((s) => s.collection === 'messages');
      assert.ok(stream, JSON.stringify(up.body));
      assert.equal(stream.state, 'streaming');
      assert.equal(stream.resumeAttempts, 0);
      assert.equal(typeof stream.lastReadAgeMs, 'number');

      await db.stop();
      const down = await probeUntil(
        '503',
        () => health(port),
        (h) => h.httpStatus === 503,
      );
      assert.equal(down.body.status, 'degraded');
      assert.equal(down.body.database, 'unreachable');
      // The stream is judged on its own too: no read answers while the database is away.
      const stalled = await probeUntil(
        'stream not live',
        () => health(port),
        (h) => streamsOf(h).some((s) => s.collection === 'messages' && s.liveness !== 'live'),
      );
      assert.equal(stalled.httpStatus, 503);
      assert.equal(stalled.body.checks['changeStreams']?.healthy, false);

      await db.start();
      const back = await probeUntil(
        '200 again',
        () => health(port),
        (h) => h.httpStatus === 200,
      );
      assert.equal(back.body.database, 'connected');
      assert.ok(
        streamsOf(back).every((s) => s.liveness === 'live'),
        JSON.stringify(back.body),
      );

      // The stream really resumed: a write made now reaches the subscriber.
      const id = await client.send('lobby', 'after the restart');
      await probeUntil(
        'delivered',
        () => client.messages.findOne({ _id: id as string }),
        (doc) => doc?.text === 'after the restart',
      );
    } finally {
      client.close();
    }
  });
});
