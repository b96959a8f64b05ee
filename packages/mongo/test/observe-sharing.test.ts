import assert from 'node:assert/strict';
import type { ChangeStream, CommandStartedEvent } from 'mongodb';
import { WriteFence, currentWriteFence } from '@perseid/ddp-server';
import { observerStats, type Fields, type RemoteCollectionDriver } from '../src/index';
import { collection, startDatabase, type Database } from './fixture';
import { eventually } from '../../../tests/helpers/eventually';

interface Doc {
  _id: string;
  room: string;
  n: number;
}

function recorder() {
  const docs = new Map<unknown, Fields>();
  const log: string[] = [];
  return {
    docs,
    log,
    callbacks: {
      added: (id: unknown, fields: Fields) => {
        log.push(`added ${String(id)}`);
        docs.set(id, { ...fields });
      },
      changed: (id: unknown, fields: Fields) => {
        log.push(`changed ${String(id)}`);
        docs.set(id, { ...docs.get(id), ...fields });
      },
      removed: (id: unknown) => {
        log.push(`removed ${String(id)}`);
        docs.delete(id);
      },
    },
  };
}

function statsFor(driver: RemoteCollectionDriver, name: string) {
  return driver.stats().observers.filter((o) => o.collection === name);
}

describe('observe multiplexer and the shared change stream', function () {
  this.timeout(30_000);
  let db: Database;
  let driver: RemoteCollectionDriver;
  const aggregates: CommandStartedEvent[] = [];

  before(async () => {
    db = await startDatabase();
    driver = db.driver({ reactivity: ['changeStreams', 'polling'], clientOptions: { monitorCommands: true } });
    driver.client.on('commandStarted', (e: CommandStartedEvent) => {
      if (e.commandName === 'aggregate') aggregates.push(e);
    });
  });
  after(async () => {
    await db.stop();
  });

  it('shares one driver between identical cursors and replays current documents to a late joiner', async () => {
    const c = collection<Doc>(driver, 'share');
    await c.insertAsync({ _id: 'a', room: 'r', n: 1 });
    const first = recorder();
    const h1 = await c.find({ room: 'r' }).observeChangesAsync(first.callbacks);
    await c.insertAsync({ _id: 'b', room: 'r', n: 2 });
    await eventually('the first observer sees b', () => first.docs.has('b'));
    const second = recorder();
    const h2 = await c.find({ room: 'r' }).observeChangesAsync(second.callbacks);
    assert.deepEqual([...second.docs.keys()].sort(), ['a', 'b']);
    assert.deepEqual(
      statsFor(driver, c._name).map((o) => o.handles),
      [2],
    );

    h1.stop();
    await c.updateAsync('a', { $set: { n: 5 } });
    await eventually('the second observer sees a.n = 5', () => second.docs.get('a')?.['n'] === 5);
    assert.equal(first.docs.get('a')?.['n'], 1, 'a stopped handle receives nothing more');
    h2.stop();
    h2.stop();
    assert.deepEqual(statsFor(driver, c._name), []);
    assert.equal(driver.stats().changeStreams.filter((s) => s.collection === c._name).length, 0, 'the last observer out closes the collection stream');
  });

  it('opens ONE change stream per collection however many observers watch it', async () => {
    const c = collection<Doc>(driver, 'one');
    const before = aggregates.filter((e) => e.command['aggregate'] === c._name).length;
    const handles = [];
    for (let i = 0; i < 25; i++) handles.push(await c.find({ room: `room${i}` }).observeChangesAsync(recorder().callbacks));
    const opened = aggregates.filter((e) => e.command['aggregate'] === c._name && JSON.stringify(e.command['pipeline']).includes('$changeStream'));
    assert.equal(opened.length - before, 1);
    assert.equal(observerStats().byDriver['changeStreams'] !== undefined, true);
    const stream = driver.stats().changeStreams.find((s) => s.collection === c._name);
    assert.equal(stream?.listeners, 25);
    assert.equal(stream?.opens, 1);
    for (const h of handles) h.stop();
  });

  it('commits a method-style write fence only after observers were called', async () => {
    const c = collection<Doc>(driver, 'fence');
    const events: string[] = [];
    const h = await c.find({ room: 'r' }).observeChangesAsync({ added: (id) => void events.push(`added ${String(id)}`) });
    const fence = new WriteFence();
    fence.onAllCommitted(() => void events.push('fence fired'));
    await currentWriteFence.withValue(fence, () => c.insertAsync({ _id: 'x', room: 'r', n: 1 }));
    await fence.armAndWait();
    assert.deepEqual(events, ['added x', 'fence fired']);

    // A write that changes nothing commits at once.
    const idle = new WriteFence();
    await currentWriteFence.withValue(idle, () => c.updateAsync({ _id: 'nope' }, { $set: { n: 2 } }));
    assert.equal(idle.outstandingWrites, 0);
    h.stop();
  });

  it('tells a fenced write its observers already have it (no wait), and makes a newer one wait for the stream', async () => {
    const c = collection<Doc>(driver, 'fencefast');
    const seen: string[] = [];
    const h = await c.find({ room: 'r' }).observeChangesAsync({ added: (id) => void seen.push(String(id)) });
    const fence = new WriteFence();
    await currentWriteFence.withValue(fence, () => c.insertAsync({ _id: 'a', room: 'r', n: 1 }));
    await fence.armAndWait();
    const processed = BigInt(driver.stats().changeStreams.find((s) => s.collection === c._name)?.processedTime ?? '0');
    assert.notEqual(processed, 0n);
    // Already processed: the fence can commit within the write's own continuation.
    assert.equal(driver.writeObserved(c._name, processed, true), undefined);
    // A time the stream has not reached yet: wait until an event at or after it is delivered.
    const waiting = driver.writeObserved(c._name, processed + 1n, true);
    assert.ok(waiting instanceof Promise);
    let done = false;
    const settled = waiting.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(done, false);
    await c.insertAsync({ _id: 'b', room: 'r', n: 2 });
    await settled;
    assert.deepEqual(seen, ['a', 'b']);
    h.stop();
  });

  it('resumes from its token after a stream error without missing changes', async () => {
    let opens = 0;
    let fail: { code: number } | null = null;
    const flaky = db.driver({
      reactivity: ['changeStreams'],
      openChangeStream: (raw, options) => {
        opens++;
        const stream: ChangeStream = raw.watch([], options);
        const original = stream.tryNext.bind(stream);
        stream.tryNext = async () => {
          if (fail) {
            const error = Object.assign(new Error('forced stream failure'), fail);
            fail = null;
            throw error;
          }
          return original();
        };
        return stream;
      },
    });
    const c = collection<Doc>(flaky, 'resume');
    const rec = recorder();
    const h = await c.find({ room: 'r' }).observeChangesAsync(rec.callbacks);
    await c.insertAsync({ _id: 'a', room: 'r', n: 1 });
    await eventually('a is observed', () => rec.docs.has('a'));
    fail = { code: 9001 };
    await c.insertAsync({ _id: 'b', room: 'r', n: 2 });
    await c.insertAsync({ _id: 'c', room: 'r', n: 3 });
    await eventually('b and c are observed', () => rec.docs.has('b') && rec.docs.has('c'));
    const stats = flaky.stats().changeStreams.find((s) => s.collection === c._name);
    assert.ok((stats?.resumes ?? 0) >= 1, 'the stream was resumed');
    assert.ok(opens >= 2);
    assert.deepEqual(
      rec.log.filter((l) => l.startsWith('added')),
      ['added a', 'added b', 'added c'],
      'nothing missed, nothing doubled',
    );

    // History lost (286): the stream restarts from now and observers re-query, so a change in the gap still arrives.
    fail = { code: 286 };
    await c.updateAsync('a', { $set: { n: 10 } });
    await c.removeAsync('b');
    await eventually('a.n = 10 and b is gone', () => rec.docs.get('a')?.['n'] === 10 && !rec.docs.has('b'));
    h.stop();
  });

  it('sees writes made through another connection (another app server) through the change stream', async () => {
    const other = db.driver();
    const c = collection<Doc>(driver, 'outside');
    const rec = recorder();
    const h = await c.find({ room: 'r' }).observeChangesAsync(rec.callbacks);
    await other.rawCollection(c._name).insertOne({ _id: 'z' as never, room: 'r', n: 1 });
    await other.rawCollection(c._name).updateOne({ _id: 'z' as never }, { $set: { n: 2 } });
    await eventually('z.n = 2 is observed', () => rec.docs.get('z')?.['n'] === 2);
    assert.deepEqual(rec.log, ['added z', 'changed z']);
    h.stop();
  });

  it('survives a dropped collection: observers see the removals, then new documents', async () => {
    const c = collection<Doc>(driver, 'dropped');
    await c.insertAsync({ _id: 'a', room: 'r', n: 1 });
    const rec = recorder();
    const h = await c.find({ room: 'r' }).observeChangesAsync(rec.callbacks);
    await c.dropCollectionAsync();
    await eventually('a is gone', () => !rec.docs.has('a'));
    await c.insertAsync({ _id: 'b', room: 'r', n: 2 });
    await eventually('b is observed', () => rec.docs.has('b'));
    assert.deepEqual(rec.log, ['added a', 'removed a', 'added b']);
    h.stop();
  });

  it('routes events by the pinned field, through arrays and $in, without missing any', async () => {
    const c = collection<{ _id: string; tags: string[] | string; n: number }>(driver, 'routing');
    const inTag = recorder();
    const inList = recorder();
    const byRange = recorder();
    const h1 = await c.find({ tags: 'x' }).observeChangesAsync(inTag.callbacks);
    const h2 = await c.find({ tags: { $in: ['y', 'z'] } }).observeChangesAsync(inList.callbacks);
    const h3 = await c.find({ n: { $gt: 5 } }).observeChangesAsync(byRange.callbacks);
    const fence = new WriteFence();
    await currentWriteFence.withValue(fence, async () => {
      await c.insertAsync({ _id: 'a', tags: ['w', 'x'], n: 1 });
      await c.insertAsync({ _id: 'b', tags: 'z', n: 9 });
      await c.insertAsync({ _id: 'c', tags: ['q'], n: 2 });
      await c.updateAsync('a', { $set: { tags: ['y'] } });
    });
    await fence.armAndWait();
    assert.deepEqual(inTag.log, ['added a', 'removed a']);
    assert.deepEqual(inList.log, ['added b', 'added a']);
    assert.deepEqual(byRange.log, ['added b']);
    for (const h of [h1, h2, h3]) h.stop();
  });

  it('falls back to polling for cursors the change-stream driver cannot evaluate', async () => {
    const c = collection<Doc>(driver, 'fallback');
    // $where cannot be judged in-process: it goes to polling, and this server refuses it, so the
    // observe call fails with the server's error and leaves nothing behind.
    await assert.rejects(c.find({ $where: 'this.n > 1' } as never).observeChangesAsync(recorder().callbacks), /\$where/);
    assert.deepEqual(statsFor(driver, c._name), []);
    const forced = await c.find({ room: 'r' }, { disableOplog: true }).observeChangesAsync(recorder().callbacks);
    assert.equal(forced.driver, 'polling');
    forced.stop();
  });

  it('observeAsync delivers whole transformed documents with positions when ordered', async () => {
    const c = collection<Doc>(driver, 'observe', { transform: (d: Record<string, unknown>) => ({ ...d, label: `#${String(d['n'])}` }) });
    await c.insertAsync({ _id: 'a', room: 'r', n: 2 });
    const log: string[] = [];
    const h = await c.find({ room: 'r' }, { sort: { n: 1 } }).observeAsync({
      addedAt: (doc, at) => void log.push(`addedAt ${String((doc as { label?: string }).label)} ${at}`),
      changedAt: (doc, old, at) => void log.push(`changedAt ${(old as Doc).n}->${(doc as Doc).n} ${at}`),
      movedTo: (doc, from, to) => void log.push(`movedTo ${(doc as Doc)._id} ${from}->${to}`),
      removedAt: (doc, at) => void log.push(`removedAt ${(doc as Doc)._id} ${at}`),
    });
    const fence = new WriteFence();
    await currentWriteFence.withValue(fence, async () => {
      await c.insertAsync({ _id: 'b', room: 'r', n: 1 });
      await c.updateAsync('b', { $set: { n: 3 } });
      await c.removeAsync('a');
    });
    await fence.armAndWait();
    assert.deepEqual(log, ['addedAt #2 0', 'addedAt #1 0', 'changedAt 1->3 0', 'movedTo b 0->1', 'removedAt a 0']);
    h.stop();
  });

  it('publishes a cursor into a subscription-shaped sink and stops with it', async () => {
    const c = collection<Doc>(driver, 'pub');
    await c.insertAsync({ _id: 'a', room: 'r', n: 1 });
    const frames: string[] = [];
    let onStop: (() => unknown) | null = null;
    const handle = await c.find({ room: 'r' }, { fields: { n: 1 } })._publishCursor({
      added: (coll, id, fields) => void frames.push(`added ${coll === c._name} ${String(id)} ${JSON.stringify(fields)}`),
      changed: (_coll, id, fields) => void frames.push(`changed ${String(id)} ${JSON.stringify(fields)}`),
      removed: (_coll, id) => void frames.push(`removed ${String(id)}`),
      onStop: (fn) => {
        onStop = fn;
      },
    });
    assert.deepEqual(frames, ['added true a {"n":1}']);
    assert.equal(c.find({})._getCollectionName(), c._name);
    (onStop as unknown as () => void)();
    handle.stop();
    assert.deepEqual(statsFor(driver, c._name), []);
  });
});
