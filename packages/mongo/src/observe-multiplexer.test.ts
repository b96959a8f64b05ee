import assert from 'node:assert/strict';
import { AsyncQueue } from './async-queue';
import { ObserveHandle } from './observe-handle';
import { ObserveMultiplexer, type ObserveDriver } from './observe-multiplexer';

function fakeDriver(): ObserveDriver & { stops: number } {
  return {
    name: 'polling',
    stops: 0,
    start: async () => undefined,
    stop() {
      this.stops++;
    },
  };
}

function mux(errors: unknown[] = []) {
  let stopped = 0;
  const m = new ObserveMultiplexer({ ordered: false, collectionName: 'c', onStop: () => void stopped++, onCallbackError: (e) => void errors.push(e) });
  return { m, stopped: () => stopped };
}

describe('AsyncQueue', () => {
  it('runs tasks in order, survives a failing one, and drains', async () => {
    const errors: unknown[] = [];
    const q = new AsyncQueue((e) => void errors.push(e));
    const seen: number[] = [];
    void q.push(async () => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push(1);
    });
    void q.push(() => {
      throw new Error('boom');
    });
    void q.push(() => void seen.push(3));
    await q.drain();
    assert.deepEqual(seen, [1, 3]);
    assert.equal(errors.length, 1);
    assert.equal(q.size, 0);
  });

  it('runs a task pushed while idle at once, so a synchronous change costs no hop', () => {
    const q = new AsyncQueue(() => undefined);
    const seen: string[] = [];
    void q.push(() => void seen.push('a'));
    seen.push('after push');
    assert.deepEqual(seen, ['a', 'after push']);
    assert.equal(q.size, 0);
  });

  it('runs tasks pushed from inside a running task after it, in order, synchronous or not', async () => {
    const q = new AsyncQueue(() => undefined);
    const seen: string[] = [];
    void q.push(() => {
      void q.push(() => void seen.push('nested 1'));
      void q.push(() => void seen.push('nested 2'));
      seen.push('outer');
    });
    assert.deepEqual(seen, ['outer', 'nested 1', 'nested 2']);

    seen.length = 0;
    let release: () => void = () => {};
    void q.push(async () => {
      void q.push(() => void seen.push('nested'));
      await new Promise<void>((resolve) => (release = resolve));
      seen.push('outer done');
    });
    void q.push(() => void seen.push('later'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(seen, []);
    release();
    await q.drain();
    assert.deepEqual(seen, ['outer done', 'nested', 'later']);
  });

  it('drain() from inside a running task waits for that task and what it pushed', async () => {
    const q = new AsyncQueue(() => undefined);
    const seen: string[] = [];
    let drained: Promise<void> = Promise.resolve();
    void q.push(() => {
      drained = q.drain().then(() => void seen.push('drained'));
      void q.push(() => void seen.push('nested'));
      seen.push('outer');
    });
    await drained;
    assert.deepEqual(seen, ['outer', 'nested', 'drained']);
  });
});

describe('ObserveMultiplexer', () => {
  it('replays the current documents to a handle that joins after ready', async () => {
    const { m } = mux();
    const driver = fakeDriver();
    m.attachDriver(driver);
    const first: string[] = [];
    const h1 = new ObserveHandle(m, { added: (id) => void first.push(`added ${String(id)}`) }, false);
    const joined = m.addHandle(h1);
    m.added('a', { x: 1 });
    m.ready();
    await joined;
    m.added('b', { x: 2 });
    m.changed('a', { x: 3 });
    const late: Array<[unknown, unknown]> = [];
    const h2 = new ObserveHandle(m, { added: (id, fields) => void late.push([id, fields]) }, false);
    await m.addHandle(h2);
    assert.deepEqual(first, ['added a', 'added b']);
    assert.deepEqual(late, [
      ['a', { x: 3 }],
      ['b', { x: 2 }],
    ]);
    assert.equal(h2.driver, 'polling');
  });

  it('gives each mutating handle its own copy of the fields', async () => {
    const { m } = mux();
    m.attachDriver(fakeDriver());
    const got: Array<Record<string, unknown>> = [];
    const cb = { added: (_id: unknown, fields: Record<string, unknown>) => void got.push(fields) };
    const joined = Promise.all([m.addHandle(new ObserveHandle(m, cb, false)), m.addHandle(new ObserveHandle(m, cb, false))]);
    m.added('a', { tags: ['x'] });
    m.ready();
    await joined;
    const firstTags = got[0]?.['tags'];
    assert.ok(Array.isArray(firstTags));
    firstTags.push('mutated');
    assert.deepEqual(got[1], { tags: ['x'] });
  });

  it('stops the driver when the last handle stops, once', async () => {
    const { m, stopped } = mux();
    const driver = fakeDriver();
    m.attachDriver(driver);
    const h1 = new ObserveHandle(m, {}, false);
    const h2 = new ObserveHandle(m, {}, false);
    const joined = Promise.all([m.addHandle(h1), m.addHandle(h2)]);
    m.ready();
    await joined;
    h1.stop();
    assert.equal(driver.stops, 0);
    h2.stop();
    h2.stop();
    assert.equal(driver.stops, 1);
    assert.equal(stopped(), 1);
    await assert.rejects(m.addHandle(new ObserveHandle(m, {}, false)), /stopped/);
  });

  it('rejects waiting handles when the initial query fails', async () => {
    const { m } = mux();
    const joined = m.addHandle(new ObserveHandle(m, {}, false));
    m.fail(new Error('bad query'));
    await assert.rejects(joined, /bad query/);
    assert.equal(m.currentState, 'stopped');
  });

  it('keeps delivering to other handles when one callback throws', async () => {
    const errors: unknown[] = [];
    const { m } = mux(errors);
    m.attachDriver(fakeDriver());
    const good: string[] = [];
    const joined = Promise.all([
      m.addHandle(
        new ObserveHandle(
          m,
          {
            added: () => {
              throw new Error('bad observer');
            },
          },
          false,
        ),
      ),
      m.addHandle(new ObserveHandle(m, { added: (id) => void good.push(String(id)) }, false)),
    ]);
    m.ready();
    await joined;
    m.added('a', {});
    m.added('b', {});
    await m.flushed();
    assert.equal(errors.length, 2);
    assert.deepEqual(good, ['a', 'b']);
  });
});
