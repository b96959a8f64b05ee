import assert from 'node:assert/strict';
import { Long } from 'bson';
import { cursorReply, takeBatch } from './cursor-reply';

describe('cursor replies', () => {
  it('always gives the cursor id as int64, 0 meaning exhausted', () => {
    const reply = cursorReply(0, 'db.c', [], 'firstBatch');
    assert.ok((reply['cursor'] as { id: unknown }).id instanceof Long);
  });

  it('takes up to the count, and stops at the byte budget but never returns an empty batch', () => {
    const small = Array.from({ length: 10 }, (_, i) => ({ i }));
    assert.equal(takeBatch(small, 0, 4).length, 4);
    assert.equal(takeBatch(small, 8, 4).length, 2);
    const big = Array.from({ length: 5 }, () => ({ s: 'x'.repeat(3 * 1024 * 1024) }));
    const first = takeBatch(big, 0, 100);
    assert.ok(first.length >= 1 && first.length < 5, `a batch of ${first.length} 3 MiB documents stays under the budget`);
    assert.equal(takeBatch(big, 4, 100).length, 1);
    assert.equal(takeBatch(small, 0, 0).length, 0);
  });
});
