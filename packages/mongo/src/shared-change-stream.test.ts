import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Timestamp, type ChangeStream, type Document } from 'mongodb';
import type { DocumentChange } from './change-event';
import { SharedChangeStream, routingKey, type ChangeStreamListener } from './shared-change-stream';
import { backgroundTimers } from '@perseid/ddp-common';

/** A scripted stand-in for the driver's ChangeStream: batches are handed out one tryNext at a time. */
class FakeStream extends EventEmitter {
  closed = false;
  /** tryNext calls so far. */
  reads = 0;
  resumeToken: Document | undefined;
  #buffer: Document[] = [];
  readonly #batches: Array<Document[] | Error>;
  #waiting: (() => void) | null = null;

  constructor(batches: Array<Document[] | Error>) {
    super();
    this.#batches = batches;
  }

  push(batch: Document[] | Error): void {
    this.#batches.push(batch);
    this.#waiting?.();
  }

  bufferedCount(): number {
    return this.#buffer.length;
  }

  async tryNext(): Promise<Document | null> {
    this.reads++;
    if (!this.resumeToken) {
      this.resumeToken = token(1);
      this.emit('resumeTokenChanged', this.resumeToken);
    }
    if (this.#buffer.length > 0) return this.#take();
    while (this.#batches.length === 0) {
      if (this.closed) throw new Error('closed');
      await new Promise<void>((r) => (this.#waiting = r));
    }
    const next = this.#batches.shift() as Document[] | Error;
    if (next instanceof Error) throw next;
    this.#buffer = next;
    return this.#take();
  }

  #take(): Document | null {
    const doc = this.#buffer.shift() ?? null;
    if (doc) this.resumeToken = doc['_id'] as Document;
    return doc;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.#waiting?.();
  }
}

function token(t: number): Document {
  return { _data: `82${(BigInt(t) << 32n).toString(16).padStart(16, '0')}` };
}

function event(t: number, op: string, id: string, full: Document | null): Document {
  return {
    _id: token(t),
    operationType: op,
    clusterTime: new Timestamp({ t, i: 0 }),
    documentKey: { _id: id },
    ...(full ? { fullDocument: full } : {}),
  };
}

function listener(routingValue: string | null, interested: (c: DocumentChange) => boolean = () => true) {
  const got: string[] = [];
  const l: ChangeStreamListener & { got: string[]; resets: number } = {
    got,
    resets: 0,
    routingField: routingValue === null ? null : 'room',
    routingValues: routingValue === null ? [] : [routingKey(routingValue)],
    wantsEveryChange: false,
    isInterested: interested,
    handleChanges: async (changes) => {
      for (const c of changes) got.push(`${c.kind} ${String(c.id)}`);
    },
    handleReset: async () => {
      l.resets++;
    },
  };
  return l;
}

const quiet = (): void => undefined;

describe('SharedChangeStream', () => {
  it('hands a batch to its listeners before asking for the next one, and asks only when the deferred read is due (the acknowledgement of the write that caused it is read first)', async () => {
    const fake = new FakeStream([]);
    const turns: Array<() => void> = [];
    const stream = new SharedChangeStream({
      collection: 'c',
      open: () => fake as unknown as ChangeStream,
      timers: backgroundTimers,
      log: quiet,
      deferRead: (start) => void turns.push(start),
    });
    const readsWhenHandled: number[] = [];
    const l = listener('a');
    l.handleChanges = async () => void readsWhenHandled.push(fake.reads);
    await stream.ensureStarted();
    stream.addListener(l);
    const readsBefore = fake.reads;
    fake.push([event(2, 'insert', 'x', { _id: 'x', room: 'a' })]);
    await stream.waitUntilProcessed(2n << 32n);
    assert.deepEqual(readsWhenHandled, [readsBefore]);
    assert.equal(fake.reads, readsBefore, 'no read before it is due');
    assert.equal(turns.length, 1);
    (turns.shift() as () => void)();
    assert.equal(fake.reads, readsBefore + 1);
    stream.stop();
  });

  it('with no write of this process awaiting its reply, asks for the next batch before handing one to its listeners (a write made meanwhile finds a parked getMore)', async () => {
    const fake = new FakeStream([]);
    const stream = new SharedChangeStream({
      collection: 'c',
      open: () => fake as unknown as ChangeStream,
      timers: backgroundTimers,
      log: quiet,
      localWritesPending: () => false,
    });
    const readsWhenHandled: number[] = [];
    const l = listener('a');
    l.handleChanges = async () => void readsWhenHandled.push(fake.reads);
    await stream.ensureStarted();
    stream.addListener(l);
    const readsBefore = fake.reads;
    fake.push([event(2, 'insert', 'x', { _id: 'x', room: 'a' })]);
    await stream.waitUntilProcessed(2n << 32n);
    assert.deepEqual(readsWhenHandled, [readsBefore + 1]);
    stream.stop();
  });

  it('by default asks for the next batch only after the next turn ran what it queued (where a socket flush of the acknowledged write goes)', async () => {
    const fake = new FakeStream([]);
    const stream = new SharedChangeStream({ collection: 'c', open: () => fake as unknown as ChangeStream, timers: backgroundTimers, log: quiet });
    await stream.ensureStarted();
    stream.addListener(listener('a'));
    const readsBefore = fake.reads;
    fake.push([event(2, 'insert', 'x', { _id: 'x', room: 'a' })]);
    await stream.waitUntilProcessed(2n << 32n);
    // Queued by the next turn, as the acknowledgement read in the next poll queues its flush.
    const readsAtFlush = await new Promise<number>((resolve) => setImmediate(() => setImmediate(() => resolve(fake.reads))));
    assert.equal(readsAtFlush, readsBefore);
    await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
    assert.equal(fake.reads, readsBefore + 1);
    stream.stop();
  });

  it('has its next read under way while a listener still works asynchronously (a write made meanwhile finds a parked getMore)', async () => {
    const fake = new FakeStream([]);
    const turns: Array<() => void> = [];
    const stream = new SharedChangeStream({
      collection: 'c',
      open: () => fake as unknown as ChangeStream,
      timers: backgroundTimers,
      log: quiet,
      deferRead: (start) => void turns.push(start),
    });
    let handling: () => void = () => {};
    const handled = new Promise<void>((resolve) => (handling = resolve));
    let finish: () => void = () => {};
    const l = listener('a');
    l.handleChanges = () => {
      handling();
      return new Promise<void>((resolve) => (finish = resolve));
    };
    await stream.ensureStarted();
    stream.addListener(l);
    const readsBefore = fake.reads;
    fake.push([event(2, 'insert', 'x', { _id: 'x', room: 'a' })]);
    await handled;
    (turns.shift() as () => void)();
    assert.equal(fake.reads, readsBefore + 1);
    assert.equal(stream.hasProcessed(2n << 32n), false, 'the listener is still working');
    finish();
    await stream.waitUntilProcessed(2n << 32n);
    stream.stop();
  });

  it('starts no read after it was stopped while the next one waited to be due', async () => {
    const fake = new FakeStream([]);
    const turns: Array<() => void> = [];
    const stream = new SharedChangeStream({
      collection: 'c',
      open: () => fake as unknown as ChangeStream,
      timers: backgroundTimers,
      log: quiet,
      deferRead: (start) => void turns.push(start),
    });
    await stream.ensureStarted();
    stream.addListener(listener('a'));
    fake.push([event(2, 'insert', 'x', { _id: 'x', room: 'a' })]);
    await stream.waitUntilProcessed(2n << 32n);
    const reads = fake.reads;
    stream.stop();
    (turns.shift() as () => void)();
    assert.equal(fake.reads, reads);
  });

  it('routes by the pinned value and keeps later changes of a document with whoever took the first', async () => {
    const fake = new FakeStream([]);
    const stream = new SharedChangeStream({ collection: 'c', open: () => fake as unknown as ChangeStream, timers: backgroundTimers, log: quiet });
    const roomA = listener('a');
    const roomB = listener('b');
    await stream.ensureStarted();
    stream.addListener(roomA);
    stream.addListener(roomB);
    fake.push([event(2, 'insert', 'd', { _id: 'd', room: 'a' }), event(3, 'update', 'd', { _id: 'd', room: 'b' })]);
    await stream.waitUntilProcessed(3n << 32n);
    assert.deepEqual(roomA.got, ['insert d', 'update d'], 'room a hears that its document moved away');
    assert.deepEqual(roomB.got, ['update d']);
    stream.stop();
    stream.stop();
  });

  it('queues no work for listeners that say a change cannot concern them', async () => {
    const fake = new FakeStream([]);
    const stream = new SharedChangeStream({ collection: 'c', open: () => fake as unknown as ChangeStream, timers: backgroundTimers, log: quiet });
    const picky = listener(null, (c) => c.id === 'x');
    await stream.ensureStarted();
    stream.addListener(picky);
    fake.push([event(2, 'insert', 'y', { _id: 'y' }), event(3, 'insert', 'x', { _id: 'x' })]);
    await stream.waitUntilProcessed(3n << 32n);
    assert.deepEqual(picky.got, ['insert x']);
    stream.stop();
  });

  it('counts changes handled synchronously (no promise) as processed, and reports a listener that throws without keeping them from the others', async () => {
    const fake = new FakeStream([]);
    const errors: string[] = [];
    const stream = new SharedChangeStream({
      collection: 'c',
      open: () => fake as unknown as ChangeStream,
      timers: backgroundTimers,
      log: (message) => void errors.push(message),
    });
    const got: string[] = [];
    const sync: ChangeStreamListener = {
      ...listener(null),
      handleChanges: (changes) => {
        for (const c of changes) got.push(String(c.id));
        return undefined;
      },
    };
    const broken: ChangeStreamListener = {
      ...listener(null),
      handleChanges: () => {
        throw new Error('boom');
      },
    };
    await stream.ensureStarted();
    stream.addListener(broken);
    stream.addListener(sync);
    fake.push([event(2, 'insert', 'x', { _id: 'x' })]);
    await stream.waitUntilProcessed(2n << 32n);
    assert.deepEqual(got, ['x']);
    assert.deepEqual(errors, ['observer failed on c changes']);
    fake.push([event(3, 'insert', 'y', { _id: 'y' })]);
    await stream.waitUntilProcessed(3n << 32n);
    assert.deepEqual(got, ['x', 'y']);
    assert.equal(stream.currentState, 'streaming');
    stream.stop();
  });

  it('resolves a fence wait only once listeners have handled the write, and never for an older time', async () => {
    const fake = new FakeStream([]);
    const stream = new SharedChangeStream({ collection: 'c', open: () => fake as unknown as ChangeStream, timers: backgroundTimers, log: quiet });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: ChangeStreamListener = { ...listener(null), handleChanges: () => gate };
    await stream.ensureStarted();
    stream.addListener(slow);
    let done = false;
    const wait = stream.waitUntilProcessed(5n << 32n).then(() => (done = true));
    fake.push([event(5, 'insert', 'a', { _id: 'a' })]);
    await new Promise((r) => setImmediate(r));
    assert.equal(done, false, 'not before the listener finished');
    release();
    await wait;
    assert.equal(done, true);
    stream.stop();
  });

  it('without an operationTime, waits for something newer than what was processed when asked', async () => {
    const fake = new FakeStream([]);
    const stream = new SharedChangeStream({ collection: 'c', open: () => fake as unknown as ChangeStream, timers: backgroundTimers, log: quiet });
    await stream.ensureStarted();
    stream.addListener(listener(null));
    fake.push([event(4, 'insert', 'a', { _id: 'a' })]);
    await stream.waitUntilProcessed(4n << 32n);
    let done = false;
    const wait = stream.waitUntilProcessedBeyondNow().then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(done, false);
    fake.push([event(6, 'insert', 'b', { _id: 'b' })]);
    await wait;
    stream.stop();
  });

  it('re-queries every listener when history is lost (code 286) and keeps streaming', async () => {
    const streams = [new FakeStream([]), new FakeStream([])];
    let opened = 0;
    const stream = new SharedChangeStream({
      collection: 'c',
      open: () => streams[opened++] as unknown as ChangeStream,
      timers: backgroundTimers,
      log: quiet,
    });
    const l = listener(null);
    await stream.ensureStarted();
    stream.addListener(l);
    streams[0]?.push(Object.assign(new Error('history lost'), { code: 286 }));
    while (l.resets === 0) await new Promise((r) => setTimeout(r, 2));
    streams[1]?.push([event(9, 'insert', 'z', { _id: 'z' })]);
    await stream.waitUntilProcessed(9n << 32n);
    assert.deepEqual(l.got, ['insert z']);
    assert.equal(stream.stats().resets, 1);
    assert.equal(stream.stats().opens, 2);
    stream.stop();
  });

  it('reports a server that refuses change streams as unavailable instead of retrying', async () => {
    let opens = 0;
    const refusing = Object.assign(new EventEmitter(), {
      closed: false,
      resumeToken: undefined,
      bufferedCount: () => 0,
      tryNext: async () => {
        throw Object.assign(new Error('The $changeStream stage is only supported on replica sets'), { code: 40573 });
      },
      close: async () => undefined,
    });
    const stream = new SharedChangeStream({
      collection: 'c',
      open: () => {
        opens++;
        return refusing as unknown as ChangeStream;
      },
      timers: backgroundTimers,
      log: quiet,
    });
    await assert.rejects(stream.ensureStarted(), /replica sets/);
    assert.equal(stream.currentState, 'unavailable');
    assert.equal(opens, 1);
    await stream.waitUntilProcessed(1n << 32n);
    stream.stop();
  });
});
