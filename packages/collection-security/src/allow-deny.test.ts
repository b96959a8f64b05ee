import assert from 'node:assert/strict';
import { AllowDenyRules, idFromSelector, modifiedFieldNames } from './allow-deny';

describe('allow/deny rules', () => {
  it('refuse everything when no allow rule exists', async () => {
    const rules = new AllowDenyRules();
    assert.equal(await rules.permits('insert', 'u1', { a: 1 }), false);
    assert.equal(rules.hasAllowRules('insert'), false);
  });

  it('permit when an allow rule says yes and no deny rule objects', async () => {
    const rules = new AllowDenyRules();
    rules.allow({ insert: (userId, doc) => userId !== null && doc.owner === userId });
    assert.equal(await rules.permits('insert', 'u1', { owner: 'u1' }), true);
    assert.equal(await rules.permits('insert', 'u1', { owner: 'u2' }), false);
    assert.equal(await rules.permits('insert', null, { owner: null }), false);
    rules.deny({ insertAsync: async (_u, doc) => doc.locked === true });
    assert.equal(await rules.permits('insert', 'u1', { owner: 'u1', locked: true }), false);
  });

  it('give update validators the touched top-level fields and the modifier', async () => {
    const seen: unknown[] = [];
    const rules = new AllowDenyRules();
    rules.allow({
      update: (_u, _d, fields, modifier) => {
        seen.push(fields, modifier);
        return fields.every((f) => f === 'text');
      },
    });
    const modifier = { $set: { text: 'x' } };
    assert.equal(await rules.permits('update', 'u1', { _id: 'a' }, modifiedFieldNames(modifier), modifier), true);
    assert.deepEqual(seen, [['text'], { $set: { text: 'x' } }]);
    assert.deepEqual(modifiedFieldNames({ $set: { 'a.b': 1 }, $inc: { c: 1 } }), ['a', 'c']);
    assert.throws(() => modifiedFieldNames({ $rename: { a: 'b' } }), /Operator \$rename not allowed/);
  });

  it('apply transform per rule and compute the fetch projection', async () => {
    const rules = new AllowDenyRules({ transform: (doc) => ({ ...doc, isDefault: true }) });
    rules.allow({ remove: (_u, doc) => (doc as { isDefault?: boolean }).isDefault === true, fetch: ['owner'] });
    rules.allow({ remove: (_u, doc) => (doc as { isDefault?: boolean }).isDefault === undefined && false, transform: null, fetch: ['team'] });
    assert.equal(await rules.permits('remove', 'u1', { _id: 'a' }), true);
    assert.deepEqual(rules.projectionFor('remove'), { _id: 1, owner: 1, team: 1 });
    rules.deny({ remove: () => false });
    assert.equal(rules.projectionFor('remove'), null, 'a rule without fetch needs whole documents');
  });

  it('keep validators from changing the document other validators see', async () => {
    const rules = new AllowDenyRules();
    rules.deny({
      insert: (_u, doc) => {
        (doc as { owner: string }).owner = 'evil';
        return false;
      },
    });
    rules.allow({ insert: (_u, doc) => doc.owner === 'u1' });
    assert.equal(await rules.permits('insert', 'u1', { owner: 'u1' }), true);
  });

  it('accept only _id selectors from clients', () => {
    assert.equal(idFromSelector('abc'), 'abc');
    assert.equal(idFromSelector({ _id: 'abc' }), 'abc');
    assert.equal(idFromSelector({ _id: 'abc', owner: 'x' }), null);
    assert.equal(idFromSelector({ _id: { $ne: 'x' } }), null);
    assert.equal(idFromSelector({}), null);
    assert.equal(idFromSelector(null), null);
  });

  it('reject malformed rule options', () => {
    const rules = new AllowDenyRules();
    assert.throws(() => rules.allow({ inserts: () => true } as never), /invalid key: inserts/);
    assert.throws(() => rules.allow({ insert: 'yes' } as never), /must be a function/);
    assert.throws(() => rules.deny({ fetch: 'owner' } as never), /fetch must be an array/);
  });
});
