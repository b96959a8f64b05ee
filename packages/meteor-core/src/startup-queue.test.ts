import assert from 'node:assert/strict';
import { setDebugSink } from './debug';
import { StartupQueue, whenDomReady, type DocumentLike } from './startup-queue';

describe('StartupQueue (server)', () => {
  it('holds callbacks until run(), then runs them in order, awaiting each', async () => {
    const queue = new StartupQueue({ failFast: true });
    const order: string[] = [];
    queue.add(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      order.push('first');
    });
    queue.add(() => order.push('second'));
    assert.deepEqual(order, []);
    assert.equal(queue.state, 'waiting');
    await queue.run();
    assert.deepEqual(order, ['first', 'second']);
    assert.equal(queue.state, 'started');
  });

  it('runs callbacks added during the run, and later ones at once', async () => {
    const queue = new StartupQueue({ failFast: true });
    const order: string[] = [];
    queue.add(() => {
      order.push('a');
      queue.add(() => order.push('added during run'));
    });
    await queue.run();
    queue.add(() => order.push('late'));
    assert.deepEqual(order, ['a', 'added during run', 'late']);
  });

  it('run() twice runs the callbacks once', async () => {
    const queue = new StartupQueue({ failFast: true });
    let count = 0;
    queue.add(() => {
      count += 1;
    });
    await Promise.all([queue.run(), queue.run()]);
    await queue.run();
    assert.equal(count, 1);
  });

  it('fails fast: the first failing callback rejects run() and stops the rest', async () => {
    const queue = new StartupQueue({ failFast: true });
    const ran: string[] = [];
    queue.add(() => {
      throw new Error('cannot connect');
    });
    queue.add(() => ran.push('after'));
    await assert.rejects(queue.run(), /cannot connect/);
    assert.deepEqual(ran, []);
  });

  it('rejects a non-function', () => {
    assert.throws(() => new StartupQueue({ failFast: true }).add(42 as unknown as () => void), /Meteor.startup expects a function/);
  });
});

describe('StartupQueue (client) and DOM readiness', () => {
  it('logs a failing callback and still runs the others', async () => {
    const logged: unknown[][] = [];
    const previous = setDebugSink((...args) => logged.push(args));
    try {
      const queue = new StartupQueue({ failFast: false });
      const ran: string[] = [];
      queue.add(() => {
        throw new Error('widget');
      });
      queue.add(() => ran.push('second'));
      await queue.run();
      assert.deepEqual(ran, ['second']);
      assert.equal(logged[0]?.[0], 'Exception in startup callback:');
      queue.add(() => {
        throw new Error('late');
      });
      assert.equal((logged[1]?.[1] as Error | undefined)?.message, 'late');
    } finally {
      setDebugSink(previous);
    }
  });

  it('waits for DOMContentLoaded while the document is loading', () => {
    let listener: (() => void) | undefined;
    const doc: DocumentLike = {
      readyState: 'loading',
      addEventListener: (_type, fn) => {
        listener = fn;
      },
    };
    let ready = 0;
    whenDomReady(doc, () => {
      ready += 1;
    });
    assert.equal(ready, 0);
    listener?.();
    assert.equal(ready, 1);
  });

  for (const readyState of ['interactive', 'complete']) {
    it(`runs at once when the document is already ${readyState}`, () => {
      let ready = 0;
      whenDomReady({ readyState, addEventListener: () => assert.fail('no listener needed') }, () => {
        ready += 1;
      });
      assert.equal(ready, 1);
    });
  }
});
