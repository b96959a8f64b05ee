import assert from 'node:assert/strict';
import { update } from 'mingo/updater';
import { modifyDocument, type Document } from '../src/index';

/**
 * Our modifiers are our own (Meteor's error reporting), but on valid input they must produce
 * what mingo's updater (MongoDB semantics) produces. Seeded random documents and modifiers.
 */
describe('modifyDocument agrees with mingo’s updater on valid input (seeded differential test)', () => {
  let state = 7;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(values: readonly T[]): T => values[int(values.length)] as T;
  const numbers = [0, 1, 2, 5, -3, 2.5] as const;

  function randomModifier(): Document {
    const field = pick(['a', 'b', 'n.x', 'arr']);
    switch (int(11)) {
      case 0:
        return { $set: { [field]: pick(numbers) } };
      case 1:
        return { $inc: { count: pick(numbers) } };
      case 2:
        return { $mul: { count: pick(numbers) } };
      case 3:
        return { $min: { count: pick(numbers) } };
      case 4:
        return { $max: { count: pick(numbers) } };
      case 5:
        return { $push: { arr: pick(numbers) } };
      case 6:
        return { $push: { arr: { $each: [pick(numbers), pick(numbers)], $sort: pick([1, -1]), $slice: pick([-2, 3, 0]) } } };
      case 7:
        return { $pull: { arr: pick<unknown>([{ $gte: 2 }, 1, { $in: [0, 5] }]) } };
      case 8:
        return { $pop: { arr: pick([1, -1]) } };
      case 9:
        return { $unset: { [pick(['a', 'b', 'n.x'])]: '' } };
      default:
        return { $rename: { a: 'c' } };
    }
  }

  it('produces the same document on 3,000 random cases', () => {
    const disagreements: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const doc: Document = {
        _id: 'x',
        a: pick(numbers),
        n: { x: pick(numbers) },
        count: pick(numbers),
        arr: Array.from({ length: int(4) }, () => pick(numbers)),
      };
      const modifier = randomModifier();
      const ours = modifyDocument(doc, modifier);
      const theirs = structuredClone(doc);
      update(theirs, modifier);
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
        disagreements.push(`${JSON.stringify(modifier)} on ${JSON.stringify(doc)}: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);
      }
    }
    assert.deepEqual(disagreements.slice(0, 5), []);
  });

  it('differs by design where mingo departs from MongoDB', () => {
    // $addToSet leaves existing duplicates alone and adds what is missing (MongoDB); mingo
    // drops values when the array already holds duplicates.
    const doc = { _id: 'x', arr: [1, 1] };
    assert.deepEqual(modifyDocument(doc, { $addToSet: { arr: { $each: [2] } } }).arr, [1, 1, 2]);
    const viaMingo = structuredClone(doc);
    update(viaMingo, { $addToSet: { arr: { $each: [2] } } });
    assert.deepEqual(viaMingo.arr, [1, 1]);
    // Type errors are reported (Meteor); mingo skips the operation silently.
    assert.throws(() => modifyDocument({ _id: 'x', a: 'text' }, { $inc: { a: 1 } }), /Cannot apply \$inc modifier to non-number/);
    const skipped = { _id: 'x', a: 'text' };
    update(skipped, { $inc: { a: 1 } });
    assert.equal(skipped.a, 'text');
  });
});
