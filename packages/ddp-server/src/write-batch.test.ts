import assert from 'node:assert/strict';
import { PreparedFrame } from './prepared-frame';
import { WriteBatch, type BatchedWriter } from './write-batch';

describe('WriteBatch', () => {
  const a = new PreparedFrame('{"msg":"added","collection":"c","id":"1"}');
  const b = new PreparedFrame('{"msg":"removed","collection":"c","id":"0"}');
  const c = new PreparedFrame('{"msg":"removed","collection":"c","id":"9"}');

  function manualBatch(): { batch: WriteBatch; scheduled: Array<() => void> } {
    const scheduled: Array<() => void> = [];
    return { batch: new WriteBatch((flush) => void scheduled.push(flush)), scheduled };
  }

  it('joins a sequence once per flush and hands the same Buffer to every socket given it', () => {
    const { batch } = manualBatch();
    const first = batch.joined([a, b]);
    assert.deepEqual(first, Buffer.concat([a.wire, b.wire]));
    assert.equal(batch.joined([a, b]), first);
    const other = batch.joined([a, c]);
    assert.notEqual(other, first);
    assert.deepEqual(other, Buffer.concat([a.wire, c.wire]));
    assert.equal(batch.joined([a, b, c]).length, a.wire.length + b.wire.length + c.wire.length);
    assert.deepEqual([batch.joinedBuilt, batch.joinedShared], [3, 1]);
    batch.flush();
    assert.notEqual(batch.joined([a, b]), first, 'a flush forgets its joined buffers');
  });

  it('schedules one flush per turn and flushes writers in the order they queued', () => {
    const { batch, scheduled } = manualBatch();
    const order: string[] = [];
    const writer = (name: string): BatchedWriter => ({ flushPending: () => void order.push(name), abandon: () => undefined });
    const [w1, w2] = [writer('w1'), writer('w2')];
    batch.enqueue(w2);
    batch.enqueue(w1);
    assert.equal(batch.state, 'scheduled');
    assert.equal(scheduled.length, 1);
    scheduled[0]?.();
    assert.deepEqual(order, ['w2', 'w1']);
    assert.equal(batch.state, 'idle');
    batch.enqueue(w1);
    assert.equal(scheduled.length, 2);
  });

  it('a writer whose flush throws is abandoned alone: the writers after it are still flushed', () => {
    const { batch, scheduled } = manualBatch();
    const flushed: string[] = [];
    const abandoned: unknown[] = [];
    const fault = new Error('socket write failed');
    const failing: BatchedWriter = {
      flushPending: () => {
        throw fault;
      },
      abandon: (error) => void abandoned.push(error),
    };
    const healthy: BatchedWriter = { flushPending: () => void flushed.push('healthy'), abandon: () => assert.fail('not abandoned') };
    batch.enqueue(failing);
    batch.enqueue(healthy);
    assert.doesNotThrow(() => scheduled[0]?.());
    assert.deepEqual(flushed, ['healthy']);
    assert.deepEqual(abandoned, [fault]);
    assert.equal(batch.state, 'idle');
  });

  it('joins uncached beyond the candidate limit, so distinct sequences stay linear', () => {
    const { batch } = manualBatch();
    const tails = Array.from({ length: 20 }, (_, i) => new PreparedFrame(`{"msg":"removed","collection":"c","id":"${i}"}`));
    for (const tail of tails) batch.joined([a, tail]);
    for (const tail of tails) assert.deepEqual(batch.joined([a, tail]), Buffer.concat([a.wire, tail.wire]));
    assert.equal(batch.joinedShared, 8);
  });
});
