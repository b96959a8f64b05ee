import assert from 'node:assert/strict';
import { ObjectID } from '@perseid/ejson';
import { applyChanges, LocalCollection, MinimongoError, type Document, type DocumentId, type FindOptions } from '../src/index';

/** Assertion failures inside observer callbacks must fail the test, not just be logged. */
const rethrow = {
  onCallbackError: (error: unknown): never => {
    throw error;
  },
};

function collection(): LocalCollection {
  const c = new LocalCollection('msgs', rethrow);
  c.insert({ _id: 'a', t: 1, room: 'x' });
  c.insert({ _id: 'b', t: 2, room: 'x' });
  c.insert({ _id: 'c', t: 3, room: 'y' });
  return c;
}

/** Records observeChanges ordered callbacks as readable lines. */
function orderedLog(log: string[]) {
  return {
    addedBefore: (id: DocumentId, fields: Document, before: DocumentId | null) =>
      log.push(`addedBefore ${String(id)} ${JSON.stringify(fields)} ${String(before)}`),
    changed: (id: DocumentId, fields: Document) => log.push(`changed ${String(id)} ${JSON.stringify(fields)}`),
    movedBefore: (id: DocumentId, before: DocumentId | null) => log.push(`movedBefore ${String(id)} ${String(before)}`),
    removed: (id: DocumentId) => log.push(`removed ${String(id)}`),
  };
}

/** A client-side replica driven only by ordered observeChanges callbacks. */
function replica(c: LocalCollection, selector: Document, options: FindOptions) {
  const docs: Document[] = [];
  const find = (id: DocumentId): number => docs.findIndex((d) => d._id === id);
  const slot = (before: DocumentId | null): number => {
    if (before === null) return docs.length;
    const index = find(before);
    assert.notEqual(index, -1, 'before-id must already be in the result');
    return index;
  };
  const handle = c.find(selector, options).observeChanges({
    addedBefore: (id, fields, before) => {
      assert.equal(find(id), -1, 'no duplicate add');
      docs.splice(slot(before), 0, { _id: id, ...fields });
    },
    changed: (id, fields) => applyChanges(docs[find(id)] as Document, fields),
    movedBefore: (id, before) => {
      const [doc] = docs.splice(find(id), 1);
      docs.splice(slot(before), 0, doc as Document);
    },
    removed: (id) => {
      assert.notEqual(find(id), -1, 'removed documents were present');
      docs.splice(find(id), 1);
    },
  });
  return { docs, handle };
}

describe('observeChanges', () => {
  it('ordered: reports initial documents, then inserts, changes, moves and removals in sort order', () => {
    const c = collection();
    const log: string[] = [];
    const handle = c.find({ room: 'x' }, { sort: { t: 1 }, fields: { t: 1 } }).observeChanges(orderedLog(log));
    c.insert({ _id: 'd', t: 0, room: 'x' });
    c.update('a', { $set: { t: 5 } });
    c.update('b', { $set: { room: 'y' } });
    c.update('d', { $set: { other: 1 } });
    c.remove('d');
    handle.stop();
    c.insert({ _id: 'e', t: 9, room: 'x' });
    assert.deepEqual(log, [
      'addedBefore a {"t":1} null',
      'addedBefore b {"t":2} null',
      'addedBefore d {"t":0} a',
      'changed a {"t":5}',
      'movedBefore a null',
      'removed b',
      'removed d',
    ]);
  });

  it('ordered with skip and limit: documents enter and leave the window', () => {
    const c = collection();
    const log: string[] = [];
    c.find({}, { sort: { t: 1 }, skip: 1, limit: 1, fields: { _id: 1 } }).observeChanges(orderedLog(log));
    c.insert({ _id: 'z', t: 0 });
    c.update('z', { $set: { t: 10 } });
    c.remove('c');
    assert.deepEqual(log, ['addedBefore b {} null', 'removed b', 'addedBefore a {} null', 'removed a', 'addedBefore b {} null']);
    assert.deepEqual(
      c.find({}, { sort: { t: 1 }, skip: 1, limit: 1 }).map((d) => d._id),
      ['b'],
      'removing c left the window as it was',
    );
    log.length = 0;
    c.update('a', { $set: { room: 'q' } });
    assert.deepEqual(log, [], 'changes outside the window and projection are silent');
  });

  it('unordered: added, changed and removed by id', () => {
    const c = collection();
    const log: string[] = [];
    c.find({ room: 'x' }).observeChanges({
      added: (id, fields) => log.push(`added ${String(id)} ${JSON.stringify(fields)}`),
      changed: (id, fields) => log.push(`changed ${String(id)} ${JSON.stringify(fields)}`),
      removed: (id) => log.push(`removed ${String(id)}`),
    });
    c.update('a', { $unset: { t: 1 } });
    c.update('c', { $set: { room: 'x' } });
    c.remove({ room: 'x' });
    assert.deepEqual(log, [
      'added a {"t":1,"room":"x"}',
      'added b {"t":2,"room":"x"}',
      // The removed field is reported as { t: undefined }, which JSON shows as {}.
      'changed a {}',
      'added c {"t":3,"room":"x"}',
      'removed a',
      'removed b',
      'removed c',
    ]);
  });

  it('_suppress_initial skips the documents already present', () => {
    const c = collection();
    const log: string[] = [];
    c.find({}).observeChanges({ added: (id) => log.push(String(id)) }, { _suppress_initial: true });
    c.insert({ _id: 'n' });
    assert.deepEqual(log, ['n']);
  });

  it('skip/limit need ordered callbacks', () => {
    const c = collection();
    assert.throws(
      () => c.find({}, { limit: 1 }).observeChanges({ added: () => {} }),
      (e: unknown) => e instanceof MinimongoError && /Must use an ordered observe with skip or limit/.test(e.message),
    );
    assert.throws(() => c.find({}, { skip: 1 }).observe({ added: () => {} }), /Must use an ordered observe/);
    assert.throws(() => c.find({}).observeChanges({ added: () => {}, addedBefore: () => {} }), /only one of added\(\) and addedBefore\(\)/);
    assert.throws(() => c.find({}, { fields: { _id: 0 } }).observeChanges({ added: () => {} }), /may not observe a cursor with \{fields: \{_id: 0\}\}/);
    assert.throws(() => c.find({}, { fields: { a: 1, _id: 0 } }).observe({ added: () => {} }), /may not observe a cursor/);
  });

  it('stop() is safe twice and silences callbacks already queued', () => {
    const c = collection();
    const log: string[] = [];
    const handle = c.find({}).observeChanges(
      {
        added: (id) => {
          log.push(String(id));
          handle?.stop();
        },
      },
      { _suppress_initial: true },
    );
    c.update({}, { $set: { x: 1 } }, { multi: true });
    c.insert({ _id: 'p' });
    handle.stop();
    handle.stop();
    c.insert({ _id: 'q' });
    assert.deepEqual(log, ['p']);
  });

  it('a throwing callback is reported, the other callbacks still run and the write stands', () => {
    const reported: unknown[] = [];
    const c = new LocalCollection('errors', { onCallbackError: (error) => reported.push(error) });
    const seen: string[] = [];
    c.find({}).observeChanges(
      {
        added: (id) => {
          throw new Error(`boom ${String(id)}`);
        },
      },
      { _suppress_initial: true },
    );
    c.find({}).observeChanges({ added: (id) => seen.push(String(id)) }, { _suppress_initial: true });
    assert.equal(c.insert({ _id: 'n' }), 'n');
    assert.deepEqual(seen, ['n']);
    assert.equal(reported.length, 1);
    assert.match(String(reported[0]), /boom n/);
    assert.equal(c.find().count(), 1);
  });

  it('an observer started inside another observer’s callback gets its initial documents at once', () => {
    const c = collection();
    const initial: unknown[][] = [];
    c.find({}).observeChanges(
      {
        added: (id) => {
          const seen: unknown[] = [];
          c.find({ room: 'x' })
            .observeChanges({ added: (inner) => seen.push(inner) })
            .stop();
          initial.push([id, ...seen]);
        },
      },
      { _suppress_initial: true },
    );
    c.insert({ _id: 'n', room: 'x' });
    assert.deepEqual(initial, [['n', 'a', 'b', 'n']]);
  });

  it('callbacks run after the write is complete and may write to the collection', () => {
    const c = collection();
    const seen: number[] = [];
    c.find({ room: 'x' }).observeChanges(
      {
        added: (id) => {
          seen.push(c.find({ room: 'x' }).count());
          if (id === 'n1') c.insert({ _id: 'n2', room: 'x' });
        },
      },
      { _suppress_initial: true },
    );
    c.insert({ _id: 'n1', room: 'x' });
    assert.deepEqual(seen, [3, 4]);
  });

  it('a replica driven by ordered callbacks always equals fetch() (randomized, seeded)', () => {
    let state = 7;
    const random = (): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const int = (n: number): number => Math.floor(random() * n);
    for (const options of [
      { sort: { score: -1, name: 1 }, limit: 5 },
      { sort: { score: 1 }, skip: 3, limit: 4 },
      { sort: { score: 1 } },
      {},
      { sort: { tags: 1 }, limit: 3 },
    ] as FindOptions[]) {
      const c = new LocalCollection(null, rethrow);
      const selector = { score: { $gte: 2 } };
      const r = replica(c, selector, { ...options, fields: { score: 1, name: 1, tags: 1 } });
      for (let step = 0; step < 300; step++) {
        const id = `d${int(30)}`;
        const action = int(4);
        if (action === 0 && !c.hasDoc(id)) c.insert({ _id: id, score: int(10), name: `n${int(5)}`, tags: [int(4), int(4)], noise: 0 });
        else if (action === 1) c.update(id, { $set: { score: int(10) } });
        else if (action === 2) c.update(id, { $inc: { noise: 1 }, $set: { name: `n${int(5)}` } });
        else c.remove(id);
        if (step % 37 === 0) {
          c.pauseObservers();
          c.update({}, { $inc: { score: 1 } }, { multi: true });
          c.remove(`d${int(30)}`);
          c.resumeObservers();
        }
        const expected = c.find(selector, { ...options, fields: { score: 1, name: 1, tags: 1 } }).fetch();
        assert.deepEqual(r.docs, expected, `options ${JSON.stringify(options)} step ${step}`);
      }
      r.handle.stop();
    }
  });
});

describe('replicas driven by observe callbacks (randomized, seeded)', () => {
  function randomSource(seed: number) {
    let state = seed;
    const random = (): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    return (n: number): number => Math.floor(random() * n);
  }

  function mutate(c: LocalCollection, int: (n: number) => number, ids: readonly DocumentId[]): void {
    const id = ids[int(ids.length)] as DocumentId;
    switch (int(6)) {
      case 0:
        if (!c.hasDoc(id)) c.insert({ _id: id, score: int(8), tags: [int(5)], note: 'n' });
        return;
      case 1:
        c.update(id, { $set: { score: int(8) } });
        return;
      case 2:
        c.update(id, { $push: { tags: int(5) } });
        return;
      case 3:
        c.update(id, { $unset: { note: 1 }, $inc: { score: 1 } });
        return;
      case 4:
        c.update({ score: { $lt: int(8) } }, { $inc: { score: 1 } }, { multi: true });
        return;
      default:
        c.remove(id);
    }
  }

  it('observe with indices reproduces fetch() for sorted, windowed and array-keyed queries', () => {
    const int = randomSource(11);
    const ids: DocumentId[] = [...Array.from({ length: 12 }, (_, i) => `s${i}`), new ObjectID('0123456789abcdef01234567')];
    for (const options of [{ sort: { score: 1, _id: 1 } }, { sort: { tags: -1 }, limit: 4 }, { sort: { score: -1 }, skip: 2, limit: 3 }, {}] as FindOptions[]) {
      const c = new LocalCollection(null, rethrow);
      const selector = { score: { $gte: 1 } };
      const replica: Document[] = [];
      const handle = c.find(selector, options).observe({
        addedAt: (doc, at, before) => {
          assert.deepEqual(before, replica[at]?._id ?? null, 'before-id names the document at that index');
          replica.splice(at, 0, doc);
        },
        changedAt: (doc, old, at) => {
          assert.deepEqual(replica[at], old, 'old document is the one at that index');
          replica[at] = doc;
        },
        movedTo: (doc, from, to) => {
          assert.deepEqual(replica[from]?._id, doc._id);
          replica.splice(from, 1);
          replica.splice(to, 0, doc);
        },
        removedAt: (doc, at) => {
          assert.deepEqual(replica[at], doc);
          replica.splice(at, 1);
        },
      });
      for (let step = 0; step < 250; step++) {
        mutate(c, int, ids);
        assert.deepEqual(replica, c.find(selector, options).fetch(), `options ${JSON.stringify(options)} step ${step}`);
      }
      handle.stop();
    }
  });

  it('unordered observeChanges reproduces the matching set', () => {
    const int = randomSource(5);
    const ids: DocumentId[] = Array.from({ length: 15 }, (_, i) => `u${i}`);
    const c = new LocalCollection(null, rethrow);
    const replica = new Map<DocumentId, Document>();
    c.find({ tags: { $in: [1, 2] } }, { fields: { note: 0 } }).observeChanges({
      added: (id, fields) => {
        assert.equal(replica.has(id), false);
        replica.set(id, { _id: id, ...fields });
      },
      changed: (id, fields) => applyChanges(replica.get(id) as Document, fields),
      removed: (id) => assert.equal(replica.delete(id), true),
    });
    for (let step = 0; step < 300; step++) {
      mutate(c, int, ids);
      const expected = c.find({ tags: { $in: [1, 2] } }, { fields: { note: 0 } }).fetch();
      assert.deepEqual(
        [...replica.values()].sort((a, b) => String(a._id).localeCompare(String(b._id))),
        expected.sort((a, b) => String(a._id).localeCompare(String(b._id))),
        `step ${step}`,
      );
    }
  });
});

describe('observe', () => {
  it('ordered: addedAt, changedAt, movedTo and removedAt carry whole documents and indices', () => {
    const c = collection();
    const log: string[] = [];
    c.find({}, { sort: { t: 1 } }).observe({
      addedAt: (doc, at, before) => log.push(`addedAt ${String(doc._id)} ${at} ${String(before)}`),
      changedAt: (doc, old, at) => log.push(`changedAt ${String(doc._id)} ${String(old.t)}->${String(doc.t)} ${at}`),
      movedTo: (doc, from, to, before) => log.push(`movedTo ${String(doc._id)} ${from}->${to} ${String(before)}`),
      removedAt: (doc, at) => log.push(`removedAt ${String(doc._id)} ${at}`),
    });
    c.insert({ _id: 'm', t: 2.5 });
    c.update('a', { $set: { t: 4 } });
    c.remove('b');
    assert.deepEqual(log, [
      'addedAt a 0 null',
      'addedAt b 1 null',
      'addedAt c 2 null',
      'addedAt m 2 c',
      'changedAt a 1->4 0',
      'movedTo a 0->3 null',
      'removedAt b 0',
    ]);
  });

  it('unordered: added, changed (new and old) and removed, with transform', () => {
    const c = collection();
    const log: string[] = [];
    const handle = c.find({ room: 'x' }, { transform: (d): Document => ({ ...d, label: `#${String(d._id)}` }) }).observe({
      added: (doc) => log.push(`added ${String(doc.label)}`),
      changed: (doc, old) => log.push(`changed ${String(doc.label)} ${String(old.t)}->${String(doc.t)}`),
      removed: (doc) => log.push(`removed ${String(doc.label)}`),
      _suppress_initial: true,
    });
    c.insert({ _id: 'n', room: 'x', t: 0 });
    c.update('n', { $set: { t: 1 } });
    c.remove('n');
    handle.stop();
    handle.stop();
    assert.deepEqual(log, ['added #n', 'changed #n 0->1', 'removed #n']);
  });
});

describe('observe options', () => {
  it('reactive: false reports the initial result only', () => {
    const c = collection();
    const seen: unknown[] = [];
    c.find({ room: 'x' }, { reactive: false }).observe({ added: (doc) => seen.push(doc._id) });
    c.insert({ _id: 'late', room: 'x' });
    assert.deepEqual(seen, ['a', 'b']);
  });

  it('_no_indices reports -1 for every position', () => {
    const c = collection();
    const log: unknown[] = [];
    const handle = c.find({}, { sort: { t: 1 } }).observe({
      addedAt: (doc, at) => log.push(['added', doc._id, at]),
      movedTo: (doc, from, to) => log.push(['moved', doc._id, from, to]),
      _no_indices: true,
      _suppress_initial: true,
    });
    c.insert({ _id: 'n', t: 0 });
    c.update('n', { $set: { t: 9 } });
    handle.stop();
    assert.deepEqual(log, [
      ['added', 'n', -1],
      ['moved', 'n', -1, -1],
    ]);
  });
});

describe('observe sequences (as Meteor reports them)', () => {
  function recorder(log: unknown[]) {
    return {
      addedAt: (doc: Document, at: number, before: DocumentId | null) => log.push(['added', doc.a, at, before]),
      changedAt: (doc: Document, old: Document, at: number) => log.push(['changed', doc.a, at, old.a]),
      movedTo: (doc: Document, from: number, to: number, before: DocumentId | null) => log.push(['moved', doc.a, from, to, before]),
      removedAt: (doc: Document, at: number) => log.push(['removed', doc._id, at, doc.a]),
    };
  }

  it('a sorted query: change, then move after the change, removal by index', () => {
    const c = new LocalCollection(null, rethrow);
    const log: unknown[] = [];
    c.find({}, { sort: { a: 1 } }).observe(recorder(log));
    c.insert({ _id: 'foo', a: 1 });
    c.update({ a: 1 }, { $set: { a: 2 } });
    c.insert({ _id: 'bar', a: 10 });
    c.update({}, { $inc: { a: 1 } }, { multi: true });
    c.update({ a: 11 }, { a: 1 });
    c.remove({ a: 2 });
    c.remove({ a: 3 });
    assert.deepEqual(log, [
      ['added', 1, 0, null],
      ['changed', 2, 0, 1],
      ['added', 10, 1, null],
      ['changed', 3, 0, 2],
      ['changed', 11, 1, 10],
      ['changed', 1, 1, 11],
      ['moved', 1, 1, 0, 'foo'],
      ['removed', 'foo', 1, 3],
    ]);
  });

  it('a skip/limit window with an exclusion projection', () => {
    const c = new LocalCollection(null, rethrow);
    const log: unknown[] = [];
    c.find({}, { sort: { a: 1 }, skip: 1, limit: 2, fields: { hidden: 0 } }).observe(recorder(log));
    c.insert({ _id: 'one', a: 1, hidden: 1 });
    c.insert({ _id: 'foo', a: 2, hidden: ['x'] });
    c.insert({ _id: 'three', a: 3, hidden: { 2: 3 } });
    c.insert({ _id: 'four', a: 4, hidden: 6 });
    c.update({ a: 1 }, { a: 0, hidden: 2 });
    c.update({ a: 0 }, { a: 5, hidden: 3 });
    c.update({ a: 3 }, { a: 3.5, hidden: 4 });
    assert.deepEqual(log, [
      ['added', 2, 0, null],
      ['added', 3, 1, null],
      ['removed', 'foo', 0, 2],
      ['added', 4, 1, null],
      ['changed', 3.5, 0, 3],
    ]);
  });
});

describe('store-facing writes reach observers', () => {
  it('changeDoc, replaceDoc and removeDoc report like the equivalent updates', () => {
    const c = collection();
    const log: string[] = [];
    c.find({ room: 'x' }, { sort: { t: 1 } }).observeChanges(orderedLog(log), { _suppress_initial: true });
    c.changeDoc('a', { t: 9, extra: 'e' });
    c.changeDoc('a', { extra: undefined });
    c.replaceDoc('b', { t: 0, room: 'x' });
    c.replaceDoc('c', { t: 5, room: 'x' });
    c.removeDoc('a');
    c.replaceDoc('b', undefined);
    assert.deepEqual(log, [
      'changed a {"t":9,"extra":"e"}',
      'movedBefore a null',
      'changed a {}',
      'changed b {"t":0}',
      'addedBefore c {"t":5,"room":"x"} a',
      'removed a',
      'removed b',
    ]);
  });

  it('a paused batch of store writes is reported as one diff', () => {
    const c = collection();
    const log: string[] = [];
    c.find({}, { sort: { t: 1 } }).observeChanges(orderedLog(log), { _suppress_initial: true });
    c.pauseObservers();
    c.replaceDoc('n1', { t: 10 });
    c.changeDoc('n1', { t: 11 });
    c.removeDoc('b');
    c.replaceDoc('b', { t: 2, room: 'x' });
    c.resumeObservers();
    assert.deepEqual(log, ['addedBefore n1 {"t":11} null']);
  });
});

describe('pauseObservers / resumeObservers', () => {
  it('reports nothing while paused, then one net diff', () => {
    const c = collection();
    const log: string[] = [];
    c.find({}, { sort: { t: 1 } }).observeChanges(orderedLog(log), { _suppress_initial: true });
    c.pauseObservers();
    c.insert({ _id: 'tmp', t: 10 });
    c.remove('tmp');
    c.update('a', { $set: { t: 5 } });
    c.update('a', { $set: { t: 6 } });
    c.insert({ _id: 'n', t: 0 });
    assert.deepEqual(log, []);
    c.resumeObservers();
    assert.deepEqual(log, ['addedBefore n {"t":0} b', 'movedBefore a null', 'changed a {"t":6}']);
    c.resumeObservers();
    assert.equal(log.length, 3);
  });

  it('a removal and re-insertion while paused cancel out; two updates become one change', () => {
    const c = new LocalCollection(null, rethrow);
    const log: string[] = [];
    c.find({}).observe({
      addedAt: (doc, at) => log.push(`added ${String(doc._id)} ${at}`),
      changedAt: (doc, old, at) => log.push(`changed ${String(old.a)}->${String(doc.a)} ${at}`),
      removedAt: (doc) => log.push(`removed ${String(doc._id)}`),
    });
    c.insert({ _id: 'one', a: 1 });
    c.pauseObservers();
    c.remove('one');
    c.insert({ _id: 'one', a: 1 });
    c.resumeObservers();
    assert.deepEqual(log, ['added one 0']);
    c.pauseObservers();
    c.update('one', { a: 2 });
    c.update('one', { a: 3 });
    c.resumeObservers();
    assert.deepEqual(log, ['added one 0', 'changed 1->3 0']);
  });

  it('observers started while paused report their whole result on resume, as Meteor does', () => {
    const c = collection();
    c.pauseObservers();
    c.insert({ _id: 'p', t: 0 });
    const log: string[] = [];
    c.find({}).observeChanges({ added: (id) => log.push(`added ${String(id)}`), removed: (id) => log.push(`removed ${String(id)}`) });
    c.remove('p');
    assert.deepEqual(log, []);
    c.resumeObservers();
    assert.deepEqual(log, ['added a', 'added b', 'added c']);
  });
});
