import assert from 'node:assert/strict';
import { LocalCollection, type Document } from '@perseid/minimongo';
import { conformanceSuite } from './conformance-target';

/**
 * A live query judges changes with minimongo's Matcher while the database answers the query
 * itself: the two must select the same documents, or a subscription shows what a re-run of its
 * query would not. Seeded random documents and selectors, one find through the official driver
 * beside the same find on a LocalCollection holding the same documents.
 */
describe('minimongod and minimongo select the same documents (seeded differential test)', function () {
  this.timeout(60_000);
  const suite = conformanceSuite('agree');

  let state = 17;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(values: readonly T[]): T => values[int(values.length)] as T;
  const scalars: readonly unknown[] = [0, 1, 2, -1, 2.5, 'a', 'b', 'ab', '', true, false, null, new Date(1000), new Date(2000)];
  const documents: readonly unknown[] = [{ x: 1, y: 2 }, { y: 2, x: 1 }, { x: 1 }, { b: 1 }, {}];

  function randomValue(depth = 0): unknown {
    const r = int(12);
    if (r < 6) return pick(scalars);
    if (r < 8) return pick(documents);
    // BSON has no undefined inside an array (the driver stores null), so none is generated.
    if (r < 10 && depth === 0) return Array.from({ length: int(4) }, () => randomValue(1) ?? null);
    if (r < 11 && depth === 0) return [{ b: pick(scalars) }, pick([{}, { b: 2 }, { c: 1 }])];
    return undefined;
  }

  function randomCondition(): unknown {
    switch (pick(['literal', 'doc', '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$size', '$all', '$mod', '$regex', '$not', '$elemMatch'])) {
      case 'literal':
        return pick(scalars);
      case 'doc':
        return pick(documents);
      case '$in':
      case '$nin':
        return { [pick(['$in', '$nin'])]: Array.from({ length: 1 + int(3) }, () => pick([...scalars, ...documents])) };
      case '$all':
        return { $all: Array.from({ length: 1 + int(2) }, () => pick(scalars.filter((v) => v !== null))) };
      case '$exists':
        return { $exists: random() < 0.5 };
      case '$size':
        return { $size: int(3) };
      case '$mod':
        return { $mod: [2 + int(2), int(2)] };
      case '$regex':
        return { $regex: pick(['a', '^b', 'a$', '']) };
      case '$not':
        return { $not: { [pick(['$gt', '$lte', '$eq'])]: pick([0, 1, 'a', null]) } };
      case '$elemMatch':
        return { $elemMatch: pick<unknown>([{ $gt: 0 }, { b: 1 }, { b: { $exists: false } }, { $in: ['a', 2] }]) };
      default: {
        const operator = pick(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte']);
        return { [operator]: pick([...scalars, ...documents]) };
      }
    }
  }

  function randomSelector(): Document {
    const field = pick(['a', 'b', 'a.b', 'a.x', 'a.0']);
    const clause: Document = { [field]: randomCondition() };
    switch (int(5)) {
      case 0:
        return { $or: [clause, { [pick(['a', 'b'])]: randomCondition() }] };
      case 1:
        return { $nor: [clause] };
      case 2:
        return { ...clause, [field === 'b' ? 'a' : 'b']: randomCondition() };
      default:
        return clause;
    }
  }

  it('gives the same ids for 400 random selectors over 40 random documents', async () => {
    const docs: Document[] = Array.from({ length: 40 }, (_, i) => {
      const doc: Document = { _id: `d${String(i).padStart(2, '0')}` };
      for (const key of ['a', 'b']) {
        const value = randomValue();
        if (value !== undefined) doc[key] = value;
      }
      return doc;
    });
    const local = new LocalCollection();
    for (const doc of docs) local.insert(structuredClone(doc));
    const remote = suite.db.collection<Document>('c');
    await remote.insertMany(docs.map((doc) => structuredClone(doc)));
    const disagreements: string[] = [];
    for (let i = 0; i < 400; i++) {
      const selector = randomSelector();
      const ours = local.find(selector).fetch().map((d) => d._id as string).sort();
      const served = (await remote.find(selector).toArray()).map((d) => String(d._id)).sort();
      if (ours.join() !== served.join()) disagreements.push(`${JSON.stringify(selector)}: minimongo ${ours.join()} / minimongod ${served.join()}`);
    }
    assert.deepEqual(disagreements.slice(0, 5), []);
  });
});
