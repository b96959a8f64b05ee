import assert from 'node:assert/strict';
import { Query } from 'mingo';
import { Matcher, type Document } from '../src/index';

/**
 * Our own operator implementations must agree with mingo wherever MongoDB's semantics are the
 * same; the documented exceptions are asserted separately below. Random scalar and array
 * documents against random single-operator selectors, seeded so failures reproduce.
 */
describe('Matcher agrees with mingo on MongoDB semantics (seeded differential test)', () => {
  let state = 3;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(values: readonly T[]): T => values[int(values.length)] as T;
  const scalars: readonly unknown[] = [0, 1, 2, 5, -1, 2.5, 'a', 'b', 'ab', '', true, false, null, new Date(1000), new Date(2000)];

  function randomValue(): unknown {
    const r = int(10);
    if (r < 6) return pick(scalars);
    if (r < 9) return Array.from({ length: int(4) }, () => pick(scalars));
    return undefined;
  }

  function randomCondition(): unknown {
    const operator = pick(['literal', '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$size', '$all', '$mod', '$regex', '$not']);
    switch (operator) {
      case 'literal':
        return pick(scalars);
      case '$in':
      case '$nin':
      case '$all':
        return { [operator]: Array.from({ length: 1 + int(3) }, () => pick(scalars)) };
      case '$exists':
        return { $exists: random() < 0.5 };
      case '$size':
        return { $size: int(3) };
      case '$mod':
        return { $mod: [2 + int(2), int(2)] };
      case '$regex':
        return { $regex: pick(['a', '^b', 'a$', '']) };
      case '$not':
        return { $not: { $gt: pick([0, 1, 'a']) } };
      default: {
        // Documented difference: `{ $lte: null }` / `{ $gte: null }` match missing fields in
        // MongoDB and Meteor, not in mingo.
        const operand = pick(scalars.filter((v) => v !== null));
        return { [operator]: operand };
      }
    }
  }

  /**
   * Where mingo departs from MongoDB (asserted below): `$mod` takes `null`, `false`, `''` and
   * dates for numbers, and `$all` does not match a field that holds the value itself.
   */
  function mingoDeparts(selector: Document, doc: Document, field: string): boolean {
    const condition = selector[field] as Document;
    const value = doc[field];
    const values = Array.isArray(value) ? value : [value];
    if (typeof condition === 'object' && condition !== null && '$mod' in condition) return values.some((v) => v !== undefined && typeof v !== 'number');
    if (typeof condition === 'object' && condition !== null && '$all' in condition) return !Array.isArray(value);
    return false;
  }

  it('gives the same answer on 3,000 random cases', () => {
    const disagreements: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const field = pick(['a', 'b']);
      const selector: Document = { [field]: randomCondition() };
      const doc: Document = {};
      for (const key of ['a', 'b']) {
        const value = randomValue();
        if (value !== undefined) doc[key] = value;
      }
      if (mingoDeparts(selector, doc, field)) continue;
      const ours = new Matcher(selector).documentMatches(doc).result;
      const theirs = new Query(selector).test(doc);
      if (ours !== theirs) disagreements.push(`${JSON.stringify(selector)} on ${JSON.stringify(doc)}: ours ${ours}, mingo ${theirs}`);
    }
    assert.deepEqual(disagreements.slice(0, 5), []);
  });

  it('differs where MongoDB/Meteor differ from mingo, by design', () => {
    // $lte/$gte null match a missing field (MongoDB), mingo says no.
    assert.equal(new Matcher({ a: { $lte: null } }).documentMatches({}).result, true);
    assert.equal(new Query({ a: { $lte: null } }).test({}), false);
    // $mod matches numbers only (MongoDB); mingo computes null % 2 === 0.
    assert.equal(new Matcher({ a: { $mod: [2, 0] } }).documentMatches({ a: null }).result, false);
    assert.equal(new Query({ a: { $mod: [2, 0] } }).test({ a: null }), true);
    // $all matches a field holding the value itself (MongoDB), mingo requires an array.
    assert.equal(new Matcher({ a: { $all: [0] } }).documentMatches({ a: 0 }).result, true);
    assert.equal(new Query({ a: { $all: [0] } }).test({ a: 0 }), false);
    // Documents compare key-order sensitively (BSON), mingo ignores key order.
    assert.equal(new Matcher({ a: { x: 1, y: 2 } }).documentMatches({ a: { y: 2, x: 1 } }).result, false);
    assert.equal(new Query({ a: { x: 1, y: 2 } }).test({ a: { y: 2, x: 1 } }), true);
    // A null through an array of documents matches the one lacking the field (MongoDB).
    assert.equal(new Matcher({ 'a.b': null }).documentMatches({ a: [{ b: 1 }, {}] }).result, true);
    assert.equal(new Query({ 'a.b': null }).test({ a: [{ b: 1 }, {}] }), false);
    // $elemMatch value operators do not look inside nested arrays (Meteor).
    assert.equal(new Matcher({ x: { $elemMatch: { $gt: 5, $lt: 9 } } }).documentMatches({ x: [[8]] }).result, false);
    assert.equal(new Query({ x: { $elemMatch: { $gt: 5, $lt: 9 } } }).test({ x: [[8]] }), true);
  });
});
