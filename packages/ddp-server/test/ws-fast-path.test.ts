/**
 * The shared-frame fast path writes prepared WebSocket frames through ws's internal Sender
 * (`_sender.sendFrame`, `_state`, `_queue`), which is not ws's public API. If an upgrade renamed
 * any of them the server would still work, through ws.send, and lose the shared frames without a
 * word: these tests make that loud.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FakeTable } from './fake-cursor';
import { msg, RawClient, startTestServer, type TestServer } from './helpers';
import { frameWrites } from '../src/ws-transport';

const require = createRequire(import.meta.url);

describe('ws frame fast path', function () {
  this.timeout(20_000);
  let t: TestServer | undefined;
  const clients: RawClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await t?.close();
    t = undefined;
  });

  /** Subscribes one client to three documents and returns how its frames were written. */
  async function framesOfASubscription(compression: boolean): Promise<{ fastPath: number; fallback: number }> {
    t = await startTestServer({ heartbeatInterval: 0 }, { compression });
    const table = new FakeTable('tasks');
    for (const id of ['a', 'b', 'c']) table.insert({ _id: id, title: id });
    t.server.publish('tasks', () => table.find());
    const client = await RawClient.open(t.url, { perMessageDeflate: compression });
    clients.push(client);
    client.send({ msg: 'connect', version: '1', support: ['1'] });
    await client.next(msg('connected'));
    assert.equal(client.ws.extensions.includes('permessage-deflate'), compression);
    const before = { ...frameWrites };
    client.send({ msg: 'sub', id: 's', name: 'tasks' });
    await client.next(msg('ready'));
    assert.deepEqual(
      client.frames.filter((frame) => frame['msg'] === 'added').map((frame) => frame['id']),
      ['a', 'b', 'c'],
    );
    return { fastPath: frameWrites.fastPath - before.fastPath, fallback: frameWrites.fallback - before.fallback };
  }

  it('ws is pinned to the exact version whose internals the fast path was written against', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { devDependencies: Record<string, string> };
    const pinned = manifest.devDependencies['ws'] ?? '';
    assert.match(pinned, /^\d+\.\d+\.\d+$/, `ws must be pinned exactly in package.json, not "${pinned}"`);
    assert.equal((require('ws/package.json') as { version: string }).version, pinned);
  });

  it('writes every frame of an uncompressed connection through the Sender, none through ws.send', async () => {
    const writes = await framesOfASubscription(false);
    // connected was written before the sub; 3 added + ready after it.
    assert.equal(writes.fallback, 0, 'frames fell back to ws.send: ws internals changed? see ws-transport.ts');
    assert.ok(writes.fastPath >= 4, `only ${writes.fastPath} frames through the fast path`);
  });

  it('uses ws.send, and counts it, when permessage-deflate is negotiated', async () => {
    const writes = await framesOfASubscription(true);
    assert.equal(writes.fastPath, 0);
    assert.ok(writes.fallback >= 4, `only ${writes.fallback} frames through ws.send`);
  });
});
