import assert from 'node:assert/strict';
import { MeteorError } from '@perseid/meteor-core';
import type { MethodInvocation } from '../src/index';
import { backgroundTimers } from '@perseid/ddp-common';
import { RawClient, startTestServer, type Frame, type TestServer } from './helpers';

/**
 * A client's durable outbox replays a call on a new connection after a reload when it never saw
 * the answer: the server must answer it as the first time, not run it again.
 */
describe('method replays (durable outbox)', function () {
  this.timeout(20_000);
  let t: TestServer;
  const clients: RawClient[] = [];
  let runs: string[];
  let clock = 0;

  beforeEach(async () => {
    runs = [];
    clock = 1_000;
    t = await startTestServer({
      methodReplayWindowMs: 60_000,
      maxReplayEntries: 3,
      timers: { ...backgroundTimers, now: () => clock },
    });
    t.server.methods({
      async login(this: MethodInvocation, userId: string) {
        await this.setUserId(userId);
      },
      send(this: MethodInvocation, text: string) {
        runs.push(`${this.userId}:${text}`);
        return { stored: text, n: runs.length };
      },
      refuse(this: MethodInvocation) {
        runs.push('refuse');
        throw new MeteorError('not-member', 'You are no longer a member');
      },
      big(this: MethodInvocation) {
        runs.push('big');
        return 'x'.repeat(100_000);
      },
    });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    await t.close();
  });

  const open = async (userId: string | null): Promise<RawClient> => {
    const { client } = await RawClient.connect(t.url);
    clients.push(client);
    if (userId !== null) await call(client, 'login', 'login', [userId]);
    return client;
  };
  const call = async (client: RawClient, id: string, method: string, params: unknown[], extra: Frame = {}) => {
    client.send({ msg: 'method', id, method, params, ...extra });
    const result = await client.next((frame) => frame['msg'] === 'result' && frame['id'] === id, `result ${id}`);
    await client.next((frame) => frame['msg'] === 'updated' && (frame['methods'] as string[]).includes(id), `updated ${id}`);
    return result;
  };

  it('answers a replay on a new connection with the first answer and does not run it again', async () => {
    const first = await open('u1');
    const answer = await call(first, '7', 'send', ['hello'], { randomSeed: 'seed-a' });
    await first.close();
    const second = await open('u1');
    const replay = await call(second, '7', 'send', ['hello'], { randomSeed: 'seed-a' });
    assert.deepEqual(replay, answer);
    assert.deepEqual(runs, ['u1:hello']);
    // A new call (another seed) still runs.
    await call(second, '8', 'send', ['again'], { randomSeed: 'seed-b' });
    assert.deepEqual(runs, ['u1:hello', 'u1:again']);
  });

  it('replays a refusal as a refusal, without running the method again', async () => {
    const first = await open('u1');
    const refused = await call(first, '1', 'refuse', [], { randomSeed: 's' });
    const replay = await call(await open('u1'), '2', 'refuse', [], { randomSeed: 's' });
    assert.deepEqual(replay['error'], refused['error']);
    assert.equal(replay['id'], '2');
    assert.deepEqual(runs, ['refuse']);
  });

  it('a replay that arrives while the first run is still going gets its answer once it finishes', async () => {
    let release!: () => void;
    t.server.methods({
      async slow(this: MethodInvocation) {
        runs.push('slow');
        await new Promise<void>((resolve) => (release = resolve));
        return 'done';
      },
    });
    const first = await open('u1');
    first.send({ msg: 'method', id: '1', method: 'slow', params: [], randomSeed: 'z' });
    while (runs.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await open('u1');
    second.send({ msg: 'method', id: '1', method: 'slow', params: [], randomSeed: 'z' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(second.frames.filter((frame) => frame['msg'] === 'result' && frame['id'] === '1').length, 0);
    release();
    const replay = await second.next((frame) => frame['msg'] === 'result' && frame['id'] === '1');
    assert.equal(replay['result'], 'done');
    assert.deepEqual(runs, ['slow']);
  });

  it('never answers another user, nor a signed-out caller, from a kept answer', async () => {
    await call(await open('u1'), '1', 'send', ['mine'], { randomSeed: 'shared-seed' });
    const other = await call(await open('u2'), '1', 'send', ['theirs'], { randomSeed: 'shared-seed' });
    assert.deepEqual(other['result'], { stored: 'theirs', n: 2 });
    await call(await open(null), '1', 'send', ['anon'], { randomSeed: 'anon-seed' });
    await call(await open(null), '1', 'send', ['anon'], { randomSeed: 'anon-seed' });
    assert.deepEqual(runs, ['u1:mine', 'u2:theirs', 'null:anon', 'null:anon']);
  });

  it('runs again after the stated window, and forgets the oldest past its bounds', async () => {
    const client = await open('u1');
    await call(client, '1', 'send', ['a'], { randomSeed: 'a' });
    clock += 60_001;
    await call(client, '2', 'send', ['a'], { randomSeed: 'a' });
    assert.equal(runs.length, 2, 'past the window the call is new');
    for (const seed of ['b', 'c', 'd']) await call(client, seed, 'send', [seed], { randomSeed: seed });
    assert.ok(t.server.methodReplays.size <= 3);
    await call(client, 'again-a', 'send', ['a'], { randomSeed: 'a' });
    assert.equal(runs.length, 6, 'the oldest was forgotten (maxReplayEntries 3)');
    await call(client, 'again-d', 'send', ['d'], { randomSeed: 'd' });
    assert.equal(runs.length, 6, 'a recent one is still recognised');
  });

  it('says a replayed call ran when its answer was too large to keep', async () => {
    const client = await open('u1');
    await call(client, '1', 'big', [], { randomSeed: 'b' });
    const replay = await call(client, '2', 'big', [], { randomSeed: 'b' });
    assert.equal((replay['error'] as Frame)['error'], 'ddp.replayed-result-not-kept');
    assert.deepEqual(runs, ['big']);
  });
});
