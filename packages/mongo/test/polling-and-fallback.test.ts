import assert from 'node:assert/strict';
import { WriteFence, currentWriteFence } from '@perseid/ddp-server';
import type { Timers } from '@perseid/ddp-common';
import { observerStats, type Fields, type RemoteCollectionDriver } from '../src/index';
import { collection, startDatabase, type Database } from './fixture';
import { eventually } from '../../../tests/helpers/eventually';

/** Timers driven by the test: nothing fires until `advance` moves the clock past it. */
class ManualTimers implements Timers {
  #clock = 0;
  #nextId = 1;
  readonly #pending = new Map<number, { at: number; fn: () => void }>();

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#pending.set(id, { at: this.#clock + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }
  now(): number {
    return this.#clock;
  }
  advance(ms: number): void {
    this.#clock += ms;
    for (;;) {
      const due = [...this.#pending].filter(([, t]) => t.at <= this.#clock).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) return;
      this.#pending.delete(due[0]);
      due[1].fn();
    }
  }
  scheduled(): number[] {
    return [...this.#pending.values()].map((t) => t.at - this.#clock);
  }
}

describe('polling driver timing and change-stream fallback', function () {
  this.timeout(20_000);
  let db: Database;
  before(async () => {
    db = await startDatabase();
  });
  after(async () => {
    await db.stop();
  });

  it('catches writes made elsewhere only at the polling interval (10 s by default)', async () => {
    const timers = new ManualTimers();
    const driver: RemoteCollectionDriver = db.driver({ reactivity: ['polling'], timers });
    const elsewhere = db.driver();
    const c = collection<{ _id: string; n: number }>(driver, 'interval');
    const seen = new Map<unknown, Fields>();
    const h = await c.find({}).observeChangesAsync({ added: (id, f) => void seen.set(id, f) });
    assert.ok(timers.scheduled().includes(10_000), 'the next poll is armed 10 s out');
    // A write through another connection does not reach this process's crossbar.
    await elsewhere.rawCollection(c._name).insertOne({ _id: 'x' as never, n: 1 });
    timers.advance(9_999);
    await new Promise((r) => setImmediate(r));
    assert.equal(seen.size, 0);
    timers.advance(1);
    await eventually('x is observed', () => seen.has('x'));
    h.stop();
    assert.deepEqual(timers.scheduled(), [], 'stopping the observer cancels its timers');
  });

  it('re-polls promptly after a write through this process, throttled to 50 ms', async () => {
    const timers = new ManualTimers();
    const driver = db.driver({ reactivity: ['polling'], timers });
    const c = collection<{ _id: string; n: number }>(driver, 'throttle');
    const seen = new Set<unknown>();
    const h = await c.find({}).observeChangesAsync({ added: (id) => void seen.add(id) });
    await c.insertAsync({ _id: 'a', n: 1 });
    // The initial poll started at t=0, so the re-poll waits until t=50.
    assert.ok(timers.scheduled().includes(50));
    timers.advance(49);
    await new Promise((r) => setImmediate(r));
    assert.equal(seen.has('a'), false);
    timers.advance(1);
    await eventually('a is observed', () => seen.has('a'));
    h.stop();
  });

  it('falls back to polling when the server refuses change streams', async () => {
    const driver = db.driver({
      reactivity: ['changeStreams', 'polling'],
      openChangeStream: (raw, options) => raw.watch([{ $notAStage: {} }], options),
    });
    const c = collection<{ _id: string; n: number }>(driver, 'nocs');
    const seen = new Set<unknown>();
    const h = await c.find({}).observeChangesAsync({ added: (id) => void seen.add(id) });
    assert.equal(h.driver, 'polling');
    assert.ok((observerStats().byDriver['polling'] ?? 0) >= 1);
    await c.insertAsync({ _id: 'a', n: 1 });
    await eventually('a is observed', () => seen.has('a'));
    h.stop();
  });

  it('commits a fence after fenceTimeoutMs when an observer never confirms, instead of hanging the method', async () => {
    const timers = new ManualTimers();
    const driver = db.driver({ reactivity: ['changeStreams'], timers, fenceTimeoutMs: 5_000 });
    const c = collection<{ _id: string; n: number }>(driver, 'stuck');
    // An observer whose callback never finishes: the collection's stream cannot confirm writes.
    const h = await c.find({}).observeChangesAsync({ added: () => new Promise<void>(() => undefined) });
    const fence = new WriteFence();
    await currentWriteFence.withValue(fence, () => c.insertAsync({ _id: 'a', n: 1 }));
    let fired = false;
    const firing = fence.armAndWait().then(() => (fired = true));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(fired, false);
    timers.advance(5_000);
    await firing;
    h.stop();
  });

  it('follows METEOR_REACTIVITY_ORDER when the connection has no explicit order', async () => {
    const driver = db.driver();
    const c = collection(driver, 'envorder');
    const saved = process.env['METEOR_REACTIVITY_ORDER'];
    process.env['METEOR_REACTIVITY_ORDER'] = 'polling';
    try {
      const h = await c.find({}).observeChangesAsync({ added: () => undefined });
      assert.equal(h.driver, 'polling');
      h.stop();
    } finally {
      if (saved === undefined) delete process.env['METEOR_REACTIVITY_ORDER'];
      else process.env['METEOR_REACTIVITY_ORDER'] = saved;
    }
    const h = await c.find({ other: 1 }).observeChangesAsync({ added: () => undefined });
    assert.equal(h.driver, 'changeStreams', 'the default order starts with change streams');
    h.stop();
  });

  it('refuses to observe when no mechanism in the order can serve the cursor', async () => {
    const driver = db.driver({ reactivity: ['oplog'] });
    const c = collection(driver, 'none');
    await assert.rejects(c.find({}).observeChangesAsync({ added: () => undefined }), /no reactivity mechanism/);
  });
});
