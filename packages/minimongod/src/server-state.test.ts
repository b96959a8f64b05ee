import assert from 'node:assert/strict';
import { afterPendingMicrotasks } from './server-state';

describe('afterPendingMicrotasks (ServerState.nextTurn by default)', () => {
  it('resolves after a microtask chain started before it, within the same turn', async () => {
    const order: string[] = [];
    let release: () => void = () => {};
    const parked = new Promise<void>((resolve) => (release = resolve));
    // Stands in for a released getMore: several awaits between the release and its reply.
    const reply = (async () => {
      await parked;
      for (let i = 0; i < 10; i++) await null;
      order.push('getMore reply');
    })();
    const nextTurn = new Promise<void>((resolve) => setImmediate(resolve)).then(() => order.push('next turn'));
    await Promise.resolve().then(async () => {
      release();
      await afterPendingMicrotasks();
      order.push('write ack');
    });
    await Promise.all([reply, nextTurn]);
    assert.deepEqual(order, ['getMore reply', 'write ack', 'next turn']);
  });
});
