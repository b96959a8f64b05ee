import assert from 'node:assert/strict';
import { StubDocuments } from './stub-documents';
import type { Fields } from './store';

const originals = (collection: string, entries: Array<[string, Fields | undefined]>) => new Map([[collection, new Map(entries)]]);

describe('StubDocuments', () => {
  it('passes through data for documents no stub wrote', () => {
    const docs = new StubDocuments();
    const update = { msg: 'added', collection: 'c', id: 'x', fields: { a: 1 } } as const;
    assert.equal(
      docs.absorb(update, () => {}),
      update,
    );
  });

  it('holds back server data for a stub-written doc and replaces it once the writer is done', () => {
    const docs = new StubDocuments();
    docs.recordStubWrites('m1', originals('c', [['x', undefined]]));
    assert.equal(
      docs.absorb({ msg: 'added', collection: 'c', id: 'x', fields: { a: 1 } }, () => {}),
      undefined,
    );
    assert.equal(
      docs.absorb({ msg: 'changed', collection: 'c', id: 'x', fields: { b: 2 }, cleared: ['a'] }, () => {}),
      undefined,
    );
    const flushed: string[] = [];
    const updates = docs.methodDataDone(
      'm1',
      () => ({ stub: true }),
      (fn) => fn(),
    );
    assert.deepEqual(updates, [{ msg: 'replace', collection: 'c', id: 'x', replace: { b: 2 } }]);
    docs.whenFlushed(
      () => true,
      () => flushed.push('flushed'),
    );
    assert.deepEqual(flushed, ['flushed'], 'nothing held back any more');
  });

  it('restores the original when the server never wrote the doc (a rejected insert)', () => {
    const docs = new StubDocuments();
    docs.recordStubWrites('m1', originals('c', [['x', undefined]]));
    assert.deepEqual(
      docs.methodDataDone(
        'm1',
        () => ({ text: 'optimistic' }),
        () => {},
      ),
      [{ msg: 'replace', collection: 'c', id: 'x', replace: undefined }],
    );
  });

  it('sends no replacement when the store already shows the server version', () => {
    const docs = new StubDocuments();
    docs.recordStubWrites('m1', originals('c', [['x', { n: 1 }]]));
    assert.deepEqual(
      docs.methodDataDone(
        'm1',
        () => ({ n: 1 }),
        () => {},
      ),
      [],
    );
  });

  it('keeps the first snapshot when several stubs write one doc, and waits for all of them', () => {
    const docs = new StubDocuments();
    docs.recordStubWrites('m1', originals('c', [['x', { v: 0 }]]));
    docs.recordStubWrites('m2', originals('c', [['x', { v: 1 }]]));
    let ready = false;
    docs.whenFlushed(
      () => true,
      () => (ready = true),
    );
    assert.deepEqual(
      docs.methodDataDone(
        'm1',
        () => ({ v: 2 }),
        (fn) => fn(),
      ),
      [],
    );
    assert.equal(ready, false);
    assert.deepEqual(
      docs.methodDataDone(
        'm2',
        () => ({ v: 2 }),
        (fn) => fn(),
      ),
      [{ msg: 'replace', collection: 'c', id: 'x', replace: { v: 0 } }],
    );
    assert.equal(ready, true);
  });

  it('logs server messages that contradict its view instead of throwing', () => {
    const docs = new StubDocuments();
    const logs: string[] = [];
    docs.recordStubWrites('m1', originals('c', [['x', undefined]]));
    docs.absorb({ msg: 'changed', collection: 'c', id: 'x', fields: { a: 1 } }, (m) => logs.push(m));
    docs.absorb({ msg: 'removed', collection: 'c', id: 'x' }, (m) => logs.push(m));
    assert.equal(logs.length, 2);
  });
});

describe('StubDocuments: calls shown from another tab', () => {
  const host = (shown: Map<string, Fields | undefined>) => ({ current: (_c: string, id: string) => shown.get(id), afterFlush: (fn: () => void) => fn() });

  it('answered elsewhere: a created document stays held until its server copy arrives, then that copy replaces it', () => {
    const changes: string[] = [];
    const docs = new StubDocuments(() => changes.push('changed'));
    const shown = new Map<string, Fields | undefined>([
      ['created', { by: 'stub' }],
      ['known', { by: 'stub' }],
    ]);
    docs.recordStubWrites(
      'shadow-1',
      originals('c', [
        ['created', undefined],
        ['known', { by: 'old' }],
      ]),
    );
    const updates = docs.methodDataDone('shadow-1', host(shown).current, host(shown).afterFlush, { untilServerCopy: true });
    assert.deepEqual(updates, [{ msg: 'replace', collection: 'c', id: 'known', replace: { by: 'old' } }], 'a document the server has gives way at once');
    assert.equal(docs.hasPending('c', 'created'), true);
    assert.equal(docs.awaitsServerCopy('shadow-1'), true);
    assert.deepEqual(
      docs.absorb({ msg: 'added', collection: 'c', id: 'created', fields: { by: 'server' } }, () => {}, host(shown)),
      {
        msg: 'replace',
        collection: 'c',
        id: 'created',
        replace: { by: 'server' },
      },
    );
    assert.equal(docs.hasPending('c', 'created'), false);
    assert.equal(docs.awaitsServerCopy('shadow-1'), false);
    assert.equal(changes.at(-1), 'changed');
  });

  it('answered elsewhere, then released (the wait is over): the held document gives way to what the server sent, nothing', () => {
    const docs = new StubDocuments();
    const shown = new Map<string, Fields | undefined>([['created', { by: 'stub' }]]);
    docs.recordStubWrites('shadow-1', originals('c', [['created', undefined]]));
    assert.deepEqual(docs.methodDataDone('shadow-1', host(shown).current, host(shown).afterFlush, { untilServerCopy: true }), []);
    assert.deepEqual(docs.methodDataDone('shadow-1', host(shown).current, host(shown).afterFlush), [
      { msg: 'replace', collection: 'c', id: 'created', replace: undefined },
    ]);
    assert.equal(docs.hasPending('c', 'created'), false);
  });

  it('transfer: a shown call sent from here holds its documents under its own method id until its updated', () => {
    const docs = new StubDocuments();
    const shown = new Map<string, Fields | undefined>([['x', { by: 'stub' }]]);
    docs.recordStubWrites('shadow-1', originals('c', [['x', undefined]]));
    docs.transfer('shadow-1', '7');
    assert.deepEqual(docs.methodDataDone('shadow-1', host(shown).current, host(shown).afterFlush), [], 'the showing no longer holds it');
    assert.equal(docs.hasPending('c', 'x'), true);
    assert.equal(
      docs.absorb({ msg: 'added', collection: 'c', id: 'x', fields: { by: 'server' } }, () => {}, host(shown)),
      undefined,
      'held until updated',
    );
    assert.deepEqual(docs.methodDataDone('7', host(shown).current, host(shown).afterFlush), [
      { msg: 'replace', collection: 'c', id: 'x', replace: { by: 'server' } },
    ]);
  });
});
