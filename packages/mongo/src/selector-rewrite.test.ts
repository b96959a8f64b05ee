import assert from 'node:assert/strict';
import { ObjectID } from '@perseid/ejson';
import { rewriteSelector, selectsNothing } from './selector-rewrite';

const selectorOf = (...args: Parameters<typeof rewriteSelector>): Record<string, unknown> => {
  const out = rewriteSelector(...args);
  assert.equal(out.kind, 'selector');
  return out.kind === 'selector' ? out.selector : {};
};

describe("rewriteSelector (Meteor's Mongo.Collection._rewriteSelector)", () => {
  it('selects everything only when the selector is omitted; ids become { _id }', () => {
    assert.deepEqual(selectorOf(undefined, 'omitted', 'c'), {});
    assert.deepEqual(selectorOf('abc', 'given', 'c'), { _id: 'abc' });
    assert.deepEqual(selectorOf(7, 'given', 'c'), { _id: 7 });
    const oid = new ObjectID();
    assert.deepEqual(selectorOf(oid, 'given', 'c'), { _id: oid });
  });

  it('turns every falsy selector into an _id no document has, or the upsert fallback id', () => {
    for (const falsy of [undefined, null, false, '', 0, { _id: undefined }, { _id: 0 }, { _id: '' }]) {
      const id = selectorOf(falsy, 'given', 'c')['_id'];
      assert.equal(typeof id, 'string');
      assert.notEqual(id, '');
      assert.equal(selectsNothing(falsy), true);
      assert.deepEqual(selectorOf(falsy, 'given', 'c', 'seeded'), { _id: 'seeded' });
    }
    assert.equal(selectsNothing({ a: 1 }), false);
    assert.equal(selectsNothing('x'), false);
  });

  it('refuses arrays and true, as Meteor does', () => {
    assert.equal(rewriteSelector([{ a: 1 }], 'given', 'c').kind, 'invalid');
    assert.equal(rewriteSelector(true, 'given', 'c').kind, 'invalid');
  });
});
