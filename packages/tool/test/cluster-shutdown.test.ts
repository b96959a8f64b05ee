/**
 * SIGTERM on a real server process (as `meteor run` and a bundle's main.js handle it): health
 * answers 503 `draining`, new DDP sockets are refused, the method in flight completes and its
 * result reaches the client, the client is told to go away (1001), the process exits 0.
 */
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { chatClient, probeUntil, health, RestartableDatabase, startAppServer, subscribed, type AppServerProcess } from './cluster-fixture';

interface RawDdp {
  readonly frames: Record<string, unknown>[];
  readonly closed: Promise<number>;
  send(message: Record<string, unknown>): void;
}

async function rawDdp(port: number): Promise<RawDdp> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/websocket`);
  const frames: Record<string, unknown>[] = [];
  ws.on('message', (data) => void frames.push(JSON.parse(String(data)) as Record<string, unknown>));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
  await probeUntil(
    'connected',
    () => frames,
    (f) => f.some((x) => x['msg'] === 'connected'),
  );
  return { frames, closed, send: (message) => ws.send(JSON.stringify(message)) };
}

function upgradeStatus(port: number): Promise<number | 'refused'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/websocket`);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.terminate();
    });
    ws.once('error', () => resolve('refused'));
  });
}

describe('graceful shutdown of a server process', function () {
  this.timeout(90_000);
  const db = new RestartableDatabase();
  const started: AppServerProcess[] = [];
  before(async () => {
    await db.start();
  });
  after(async () => {
    for (const s of started) {
      if (s.isAlive()) s.kill('SIGKILL');
      await s.exited;
    }
    await db.remove();
  });

  /** A server, a client watching room `slow`, and a raw socket whose `slow` call is running. */
  async function serverWithSlowCall(ms: number, env: NodeJS.ProcessEnv = {}): Promise<{ server: AppServerProcess; raw: RawDdp }> {
    const server = await startAppServer(db.url, env);
    started.push(server);
    const watcher = chatClient(() => server.url);
    await subscribed(watcher, 'slow');
    const raw = await rawDdp(server.port);
    raw.send({ msg: 'method', id: 'slow-1', method: 'slow', params: [ms] });
    await probeUntil(
      'slow call running',
      () => watcher.messages.find({ room: 'slow', text: `started ${ms}` }).count(),
      (n) => n > 0,
    );
    watcher.close();
    return { server, raw };
  }

  it('drains on SIGTERM: 503 draining, new sockets refused, the running method answers, clients get 1001, exit 0', async () => {
    const { server, raw } = await serverWithSlowCall(1500);
    server.kill('SIGTERM');
    const draining = await probeUntil(
      'draining',
      () => health(server.port),
      (h) => h.httpStatus === 503,
    );
    assert.equal(draining.body.status, 'draining');
    assert.equal(await upgradeStatus(server.port), 503);

    const code = await raw.closed;
    assert.equal(code, 1001, 'going away: reconnect elsewhere');
    const answers = raw.frames.filter((f) => f['id'] === 'slow-1' || (f['msg'] === 'updated' && (f['methods'] as string[]).includes('slow-1')));
    assert.deepEqual(
      answers.map((f) => f['msg']),
      ['result', 'updated'],
    );
    assert.equal(answers[0]?.['result'], 'waited 1500 ms');
    assert.deepEqual(await server.exited, { code: 0, signal: null });
    assert.equal(await upgradeStatus(server.port), 'refused');
  });

  it('exits within PERSEID_SHUTDOWN_TIMEOUT_MS when a method outlasts it, and at once on a second SIGTERM', async () => {
    const bounded = await serverWithSlowCall(20_000, { PERSEID_SHUTDOWN_TIMEOUT_MS: '1500' });
    bounded.server.kill('SIGTERM');
    assert.equal(await bounded.raw.closed, 1001);
    assert.deepEqual(await bounded.server.exited, { code: 0, signal: null });
    assert.match(bounded.server.output(), /still running/);

    const twice = await serverWithSlowCall(20_001);
    twice.server.kill('SIGTERM');
    await probeUntil(
      'draining',
      () => health(twice.server.port),
      (h) => h.body.status === 'draining',
    );
    twice.server.kill('SIGTERM');
    assert.deepEqual(await twice.server.exited, { code: 1, signal: null });
    assert.match(twice.server.output(), /second signal/);
  });
});
