import assert from 'node:assert/strict';
import { Long, ObjectId } from 'bson';
import { applyOperatorUpdate, compileFilter, compileSort, runPipeline } from './query-engine';
import { normaliseNumbers } from './bson-value';
import type { CommandError } from './errors';

describe('query-engine', () => {
  it('matches simple equalities exactly like the general matcher', () => {
    const oid = new ObjectId();
    const docs = [{ a: 'x' }, { a: ['y', 'x'] }, { a: 'y' }, {}, { a: oid }, { a: 1, b: true }, { a: [[1]] }];
    for (const filter of [{ a: 'x' }, { a: oid }, { a: 1, b: true }, { a: 1 }]) {
      const fast = compileFilter(filter);
      const general = compileFilter({ $and: [filter] });
      for (const doc of docs) assert.equal(fast(doc), general(doc), `${JSON.stringify(filter)} on ${JSON.stringify(doc)}`);
    }
  });

  it('matches Long values against plain numbers after normalisation', () => {
    const matcher = compileFilter({ n: { $gte: 5 } });
    assert.equal(matcher(normaliseNumbers({ n: Long.fromNumber(6) })), true);
    assert.equal(compileFilter({ n: Long.fromNumber(5) })(normaliseNumbers({ n: 5 })), true);
  });

  it('applies $setOnInsert only when inserting, and refuses conflicting paths', () => {
    const update = { $set: { a: 1 }, $setOnInsert: { created: true } };
    assert.deepEqual(applyOperatorUpdate({ _id: 1 }, update, { inserting: false }), { _id: 1, a: 1 });
    assert.deepEqual(applyOperatorUpdate({ _id: 1 }, update, { inserting: true }), { _id: 1, a: 1, created: true });
    assert.throws(
      () => applyOperatorUpdate({ _id: 1 }, { $set: { a: 1 }, $inc: { 'a.b': 1 } }, { inserting: false }),
      (e: CommandError) => e.code === 40,
    );
  });

  it('keeps the original document untouched', () => {
    const original = { _id: 1, list: [1, 2], n: { x: 1 } };
    applyOperatorUpdate(original, { $push: { list: 3 }, $set: { 'n.x': 2 } }, { inserting: false });
    assert.deepEqual(original, { _id: 1, list: [1, 2], n: { x: 1 } });
  });

  it('sorts arrays by their smallest element ascending and largest descending', () => {
    const docs = [{ v: [5, 1] }, { v: 3 }, { v: [4] }];
    const asc = compileSort({ v: 1 });
    const desc = compileSort({ v: -1 });
    assert.deepEqual(
      [...docs].sort(asc ?? undefined).map((d) => d.v),
      [[5, 1], 3, [4]],
    );
    assert.deepEqual(
      [...docs].sort(desc ?? undefined).map((d) => d.v),
      [[5, 1], [4], 3],
    );
    assert.throws(
      () => compileSort({ v: 2 }),
      (e: CommandError) => e.code === 2,
    );
  });

  it('maps an unknown pipeline stage to 40324', () => {
    assert.throws(
      () => runPipeline([{ a: 1 }], [{ $nope: {} }]),
      (e: CommandError) => e.code === 40324,
    );
  });
});
