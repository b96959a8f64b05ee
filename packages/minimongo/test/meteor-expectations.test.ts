import assert from 'node:assert/strict';
import { LocalCollection, Matcher } from '../src/index';
import type { Selector } from '../src/matcher';
import type { Document } from '../src/value-types';
import { ALL_EXPECTATIONS, type Expectation } from './meteor-expectations';
import { ALL_SELECTOR_EXPECTATIONS, type SelectorExpectation } from './meteor-selector-expectations';

/**
 * Deliberate differences from Meteor's published expectations, each with its reason. A row
 * listed here is reported but does not fail the suite; every other row must hold.
 */
export const DELIBERATE_DIFFERENCES: ReadonlyMap<string, string> = new Map();

function describeRow(row: Expectation | SelectorExpectation): string {
  const { kind, ...rest } = row;
  return `${kind} ${JSON.stringify(rest, (_key, value: unknown) => {
    if (typeof value === 'string') return value.replace(/\0/g, '\\0');
    if (value instanceof RegExp) return String(value);
    if (value === undefined) return 'undefined';
    return value;
  })}`;
}

function runSelectorRow(row: SelectorExpectation): void {
  switch (row.kind) {
    case 'match':
    case 'nomatch':
      assert.equal(new Matcher(row.selector as Selector).documentMatches(row.doc).result, row.kind === 'match');
      return;
    case 'throws':
      assert.throws(() => new Matcher(row.selector as Selector).documentMatches({ a: 42 }));
      return;
    case 'count': {
      const collection = new LocalCollection();
      for (const doc of row.docs) collection.insert({ ...doc });
      assert.equal(collection.find(row.selector as Selector).count(), row.count);
      return;
    }
  }
}

function runRow(row: Expectation): void {
  const collection = new LocalCollection();
  switch (row.kind) {
    case 'modify': {
      collection.insert(row.doc);
      collection.update((row.query ?? {}) as Selector, row.mod);
      const stored = collection.findOne() as Document;
      delete stored._id;
      if (row.expect === 'date-a') assert.ok(stored.a instanceof Date, 'field a holds a Date');
      else assert.deepStrictEqual(stored, row.expect);
      return;
    }
    case 'throws':
      collection.insert(row.doc);
      assert.throws(() => collection.update((row.query ?? {}) as Selector, row.mod));
      return;
    case 'upsert': {
      const result = collection.upsert(row.query as Selector, row.mod);
      const stored = collection.findOne() as Document;
      if ('_id' in row.expect) assert.deepStrictEqual(result.insertedId, row.expect._id);
      else delete stored._id;
      assert.deepStrictEqual(stored, row.expect);
      return;
    }
    case 'upsert-throws':
      assert.throws(() => collection.upsert(row.query as Selector, row.mod));
      assert.equal(collection.find().count(), 0, 'a refused upsert inserts nothing');
      return;
    case 'insert-throws':
      assert.throws(() => collection.insert(row.doc));
      return;
  }
}

describe("minimongo fidelity: Meteor's published expectations", () => {
  let met = 0;
  let total = 0;
  const groups: Array<readonly [string, ReadonlyArray<Expectation | SelectorExpectation>, (row: never) => void]> = [
    ...ALL_SELECTOR_EXPECTATIONS.map(([group, rows]) => [group, rows, runSelectorRow] as const),
    ...ALL_EXPECTATIONS.map(([group, rows]) => [group, rows, runRow] as const),
  ];
  for (const [group, rows, run] of groups) {
    describe(group, () => {
      rows.forEach((row, index) => {
        const name = `${group} ${index}: ${describeRow(row)}`;
        it(name, () => {
          total += 1;
          try {
            (run as (row: Expectation | SelectorExpectation) => void)(row);
            met += 1;
          } catch (error) {
            if (!DELIBERATE_DIFFERENCES.has(name)) throw error;
          }
        });
      });
    });
  }
  after(() => {
    if (process.env['MINIMONGO_FIDELITY_REPORT']) {
      console.log(`minimongo fidelity: ${met}/${total} expectations met (${((100 * met) / total).toFixed(1)} %)`);
    }
  });
});
