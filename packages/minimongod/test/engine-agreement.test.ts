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

  function randomValue(depth = 0, values = scalars): unknown {
    const r = int(12);
    if (r < 6) return pick(values);
    if (r < 8) return pick(documents);
    // BSON has no undefined inside an array (the driver stores null), so none is generated.
    if (r < 10 && depth === 0) return Array.from({ length: int(4) }, () => randomValue(1, values) ?? pick(values));
    if (r < 11 && depth === 0) return [{ b: pick(values) }, pick([{}, { b: 2 }, { c: 1 }])];
    return undefined;
  }

  function randomCondition(): unknown {
    switch (
      pick(['literal', 'doc', '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$size', '$all', '$mod', '$regex', '$not', '$elemMatch'])
    ) {
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
      const ours = local
        .find(selector)
        .fetch()
        .map((d) => d._id as string)
        .sort();
      const served = (await remote.find(selector).toArray()).map((d) => String(d._id)).sort();
      if (ours.join() !== served.join()) disagreements.push(`${JSON.stringify(selector)}: minimongo ${ours.join()} / minimongod ${served.join()}`);
    }
    assert.deepEqual(disagreements.slice(0, 5), []);
  });

  it('sorts the same 40 random documents in the same order for every sort on one or two fields', async () => {
    // Meteor sorts a missing field before null, the server sorts them together (asserted
    // below); without nulls the two orders must be the same.
    const nonNull = scalars.filter((value) => value !== null);
    const docs: Document[] = Array.from({ length: 40 }, (_, i) => {
      const doc: Document = { _id: `d${String(i).padStart(2, '0')}` };
      for (const key of ['a', 'b']) {
        const value = randomValue(0, nonNull);
        if (value !== undefined) doc[key] = value;
      }
      return doc;
    });
    const local = new LocalCollection();
    for (const doc of docs) local.insert(structuredClone(doc));
    const remote = suite.db.collection<Document>('c');
    await remote.insertMany(docs.map((doc) => structuredClone(doc)));
    const disagreements: string[] = [];
    const sorts: Array<Record<string, 1 | -1>> = [{ a: 1 }, { a: -1 }, { 'a.b': 1 }, { 'a.x': -1 }, { b: 1, a: -1 }, { 'a.0': 1 }];
    for (const sort of sorts) {
      const withId: Record<string, 1 | -1> = { ...sort, _id: 1 };
      const ours = local
        .find({}, { sort: withId })
        .fetch()
        .map((d) => String(d._id));
      const served = (await remote.find({}).sort(withId).toArray()).map((d) => String(d._id));
      if (ours.join() !== served.join()) disagreements.push(`${JSON.stringify(sort)}: minimongo ${ours.join()} / minimongod ${served.join()}`);
    }
    assert.deepEqual(disagreements, []);
  });

  function randomElement(): unknown {
    return pick<unknown>([0, 1, 2, 5, -3, 2.5, 'a', null, { k: 1, v: 2 }, { k: 2, v: 0 }, { k: 1 }]);
  }

  function randomUpdate(): { update: Document; arrayFilters?: Document[] } {
    const value = (): unknown => pick<unknown>([...scalars, ...documents, [1, 2]]);
    const number = (): number => pick([0, 1, 2, 5, -3, 2.5]);
    switch (int(18)) {
      case 0:
        return { update: { $set: { [pick(['a', 'b', 'n', 'a.b', 'arr.1', 'arr.5'])]: value() } } };
      case 1:
        return { update: { $unset: { [pick(['a', 'n', 'a.b', 'arr.0', 'arr.9'])]: '' } } };
      case 2:
        return { update: { [pick(['$inc', '$mul'])]: { [pick(['n', 'm', 'arr.0'])]: number() } } };
      case 3:
        // The server orders any two values in BSON order (Meteor's client takes numbers only).
        return { update: { [pick(['$min', '$max'])]: { [pick(['n', 'a', 'm'])]: value() } } };
      case 4:
        return { update: { $push: { arr: randomElement() } } };
      case 5: {
        const spec: Document = { $each: Array.from({ length: int(3) }, randomElement) };
        if (random() < 0.5) spec['$position'] = pick([0, 1, -1, -2, 9, -9]);
        if (random() < 0.4) spec['$slice'] = pick([0, 2, -2, 9]);
        if (random() < 0.3) spec['$sort'] = pick<unknown>([1, -1, { k: 1 }, { v: -1 }]);
        return { update: { $push: { arr: spec } } };
      }
      case 6:
        return { update: { $addToSet: { arr: random() < 0.5 ? randomElement() : { $each: [randomElement(), randomElement()] } } } };
      case 7:
        return { update: { $pull: { arr: pick<unknown>([1, 'a', null, { $gte: 2 }, { k: 1 }, { $in: [0, 5] }, { v: { $exists: false } }]) } } };
      case 8:
        return { update: { $pullAll: { arr: [randomElement(), randomElement()] } } };
      case 9:
        return { update: { $pop: { arr: pick([1, -1]) } } };
      case 10:
        return { update: { $rename: { [pick(['a', 'n', 'a.b'])]: pick(['c', 'z.y']) } } };
      case 11:
        return { update: { $bit: { n: { [pick(['and', 'or', 'xor'])]: pick([0, 1, 6, 12]) } } } };
      case 12:
        return { update: { [pick(['$set', '$inc'])]: { [pick(['arr.$[]', 'arr.$[].v'])]: 1 } } };
      case 13:
        return { update: { $set: { 'arr.$[e].v': 'hit' } }, arrayFilters: [{ [pick(['e.k', 'e'])]: pick<unknown>([1, { $gte: 2 }, { $exists: true }]) }] };
      case 14:
        return { update: { $inc: { 'arr.$[e]': 10 } }, arrayFilters: [{ e: { $gt: pick([0, 1, 2]) } }] };
      case 15:
        return { update: { $set: { _id: pick(['same', 'other']) } } };
      case 16:
        return { update: { $set: { n: number() }, $push: { arr: randomElement() }, $unset: { a: '' } } };
      default:
        return { update: { $currentDate: { m: true }, $setOnInsert: { s: 1 } } };
    }
  }

  it('applies 600 random updates to random documents alike (driver on minimongod, LocalCollection with mongodb semantics)', async () => {
    const remote = suite.db.collection<Document & { _id: string }>('u');
    const now = new Date(5000);
    const disagreements: string[] = [];
    for (let i = 0; i < 600; i++) {
      const id = `u${i}`;
      const doc: Document & { _id: string } = { _id: id };
      const a = randomValue();
      if (a !== undefined) doc['a'] = a;
      if (random() < 0.8) doc['n'] = pick([0, 1, 7, -2, 2.5, 'x']);
      if (random() < 0.8) doc['arr'] = Array.from({ length: int(5) }, randomElement);
      const { update, arrayFilters } = randomUpdate();
      const set = update['$set'] as Document | undefined;
      if (set !== undefined && set['_id'] === 'same') set['_id'] = id;
      const local = new LocalCollection(null, { semantics: 'mongodb', now: () => now });
      local.insert(structuredClone(doc));
      await remote.insertOne(structuredClone(doc));
      let ours: string;
      try {
        local.update({ _id: id }, structuredClone(update), arrayFilters === undefined ? {} : { arrayFilters: structuredClone(arrayFilters) });
        ours = JSON.stringify(local.findOne({ _id: id }), (key, v: unknown) => (key === 'm' && typeof v === 'string' ? 'date' : v));
      } catch {
        ours = 'refused';
      }
      let served: string;
      try {
        await remote.updateOne({ _id: id }, structuredClone(update), arrayFilters === undefined ? {} : { arrayFilters: structuredClone(arrayFilters) });
        served = JSON.stringify(await remote.findOne({ _id: id }), (key, v: unknown) => (key === 'm' && typeof v === 'string' ? 'date' : v));
      } catch {
        served = 'refused';
      }
      if (ours !== served)
        disagreements.push(`${JSON.stringify(doc)} ${JSON.stringify(update)} ${JSON.stringify(arrayFilters ?? [])}: minimongo ${ours} / minimongod ${served}`);
    }
    assert.deepEqual(disagreements.slice(0, 5), []);
  });

  it('differs by design on null against a missing field: Meteor puts the missing one first', async () => {
    const docs: Document[] = [{ _id: 'a', v: null }, { _id: 'b' }, { _id: 'c', v: [null, 1] }];
    const local = new LocalCollection();
    for (const doc of docs) local.insert(structuredClone(doc));
    await suite.db.collection<Document>('c').insertMany(docs.map((doc) => structuredClone(doc)));
    const sort = { v: 1, _id: 1 } as const;
    assert.deepEqual(
      local
        .find({}, { sort })
        .fetch()
        .map((d) => d._id),
      ['b', 'a', 'c'],
    );
    assert.deepEqual(
      (await suite.db.collection<Document>('c').find({}).sort(sort).toArray()).map((d) => d._id),
      ['a', 'b', 'c'],
    );
  });
});
