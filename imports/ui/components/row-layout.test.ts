import assert from 'node:assert/strict';
import { covers, RowHeights, rowAt, rowsBetween, rowTops } from './row-layout';
import type { LaidRow } from './row-layout';

const rows = (n: number): LaidRow[] => Array.from({ length: n }, (_, i) => ({ key: `m${i}`, kind: i % 10 === 0 ? 'day' : 'message' }));

describe('row layout of the virtualised message list', () => {
  it('holds unmeasured rows at the mean measured height of their kind, so the space off screen follows real rows', () => {
    const heights = new RowHeights();
    const list = rows(20);
    const first = rowTops(list, heights);
    assert.equal(first[20], 2 * 40 + 18 * 44, 'first guesses before anything was measured');
    assert.equal(heights.measured({ key: 'm1', kind: 'message' }, 100), true);
    assert.equal(heights.measured({ key: 'm2', kind: 'message' }, 60), true);
    assert.equal(heights.measured({ key: 'm2', kind: 'message' }, 60.2), false, 'sub-pixel noise is no change');
    assert.equal(heights.estimate('message'), 80);
    assert.equal(heights.estimate('day'), 40, 'no day measured yet');
    assert.equal(rowTops(list, heights)[20], 2 * 40 + 100 + 60 + 16 * 80);
  });

  it('forgets rows the list let go of, and their share of the estimate', () => {
    const heights = new RowHeights();
    heights.measured({ key: 'a', kind: 'message' }, 30);
    heights.measured({ key: 'b', kind: 'message' }, 90);
    heights.keepOnly(new Set(['b']));
    assert.equal(heights.estimate('message'), 90);
    assert.equal(heights.heightOf({ key: 'a', kind: 'message' }), 90, 'a forgotten row is estimated again');
  });

  it('finds the row at a position and the rows a view needs', () => {
    const tops = [0, 10, 30, 60, 100];
    assert.equal(rowAt(tops, -5), 0);
    assert.equal(rowAt(tops, 0), 0);
    assert.equal(rowAt(tops, 10), 1, 'a row starts where the one above ends');
    assert.equal(rowAt(tops, 59.5), 2);
    assert.equal(rowAt(tops, 500), 3, 'below the end: the last row');
    assert.deepEqual(rowsBetween(tops, 15, 65), { start: 1, end: 4 });
    assert.deepEqual(rowsBetween(tops, -100, -50), { start: 0, end: 1 });
    assert.deepEqual(rowsBetween([0], 0, 100), { start: 0, end: 0 }, 'no rows');
    assert.equal(covers({ start: 0, end: 4 }, { start: 1, end: 3 }), true);
    assert.equal(covers({ start: 1, end: 4 }, { start: 0, end: 3 }), false);
  });
});
