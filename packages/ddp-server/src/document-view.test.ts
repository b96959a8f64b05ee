import assert from 'node:assert/strict';
import { DocumentView, type ChangeCollector } from './document-view';

describe("DocumentView (one document in one session's mergebox)", () => {
  it('reports only fields whose value really changed', () => {
    const doc = new DocumentView('A', { a: 1, nested: { x: [1] } });
    const collector: ChangeCollector = {};
    doc.changed('A', { a: 1, nested: { x: [1] }, b: 2 }, collector);
    assert.deepEqual(collector, { b: 2 });
  });

  it('never mutates the fields object a publisher passed in', () => {
    const published = Object.freeze({ a: 1, b: 2 });
    const doc = new DocumentView('A', published);
    doc.changed('A', { a: 5, b: undefined }, {});
    assert.deepEqual(published, { a: 1, b: 2 });
    assert.deepEqual(doc.snapshot(), { a: 5 });
  });

  it("keeps the first publisher's value until it stops providing the field", () => {
    const doc = new DocumentView('A', { color: 'red' });
    const onAdd: ChangeCollector = {};
    doc.added('B', { color: 'blue', size: 3 }, onAdd);
    assert.deepEqual(onAdd, { size: 3 });
    const onChangeB: ChangeCollector = {};
    doc.changed('B', { color: 'green' }, onChangeB);
    assert.deepEqual(onChangeB, {}, 'B is not the visible provider of color');
    const onRemoveA: ChangeCollector = {};
    assert.equal(doc.removed('A', onRemoveA), false);
    assert.deepEqual(onRemoveA, { color: 'green' });
    assert.deepEqual(doc.snapshot(), { color: 'green', size: 3 });
  });

  it('clears a field when its last provider clears it', () => {
    const doc = new DocumentView('A', { a: 1 });
    doc.added('B', { a: 1 }, {});
    const first: ChangeCollector = {};
    doc.changed('A', { a: undefined }, first);
    assert.deepEqual(first, {}, 'B still provides the same value');
    const second: ChangeCollector = {};
    doc.changed('B', { a: undefined }, second);
    assert.deepEqual(second, { a: undefined });
  });

  it('says the document is gone only when its last publisher removes it', () => {
    const doc = new DocumentView('A', { a: 1 });
    doc.added('B', { b: 1 }, {});
    const collector: ChangeCollector = {};
    assert.equal(doc.removed('B', collector), false);
    assert.deepEqual(collector, { b: undefined });
    assert.equal(doc.removed('A', {}), true);
  });

  it('ignores _id fields', () => {
    const doc = new DocumentView('A', {});
    const collector: ChangeCollector = {};
    doc.changed('A', { _id: 'x', a: 1 }, collector);
    assert.deepEqual(collector, { a: 1 });
  });
});
