import assert from 'node:assert/strict';
import { applyChanges, diffObjects, diffQueryOrderedChanges, diffQueryUnorderedChanges, makeChangedFields } from './diff-sequence';
import { IdMap } from './id-map';
import type { Document, DocumentId } from './value-types';

/** Replays ordered callbacks onto a copy of `oldDocs`, as a client cache would. */
function replayOrdered(oldDocs: Document[], newDocs: Document[]): { result: Document[]; log: string[] } {
  const result = oldDocs.map((d) => ({ ...d }));
  const log: string[] = [];
  const find = (id: DocumentId): number => result.findIndex((d) => d._id === id);
  const slot = (before: DocumentId | null): number => {
    if (before === null) return result.length;
    const index = find(before);
    assert.notEqual(index, -1, `before-id ${String(before)} must be present`);
    return index;
  };
  diffQueryOrderedChanges(oldDocs, newDocs, {
    addedBefore(id, fields, before) {
      log.push(`add ${String(id)} before ${String(before)}`);
      result.splice(slot(before), 0, { _id: id, ...fields });
    },
    movedBefore(id, before) {
      log.push(`move ${String(id)} before ${String(before)}`);
      const [doc] = result.splice(find(id), 1);
      result.splice(slot(before), 0, doc as Document);
    },
    changed(id, fields) {
      log.push(`change ${String(id)} ${JSON.stringify(fields)}`);
      applyChanges(result[find(id)] as Document, fields);
    },
    removed(id) {
      log.push(`remove ${String(id)}`);
      result.splice(find(id), 1);
    },
  });
  return { result, log };
}

/** A small deterministic generator so the randomized cases are reproducible. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('DiffSequence', () => {
  it('reports an insertion, a removal, a move and a change with the fewest moves', () => {
    const oldDocs = [
      { _id: 'a', v: 1 },
      { _id: 'b', v: 1 },
      { _id: 'c', v: 1 },
      { _id: 'd', v: 1 },
    ];
    const newDocs = [
      { _id: 'b', v: 1 },
      { _id: 'c', v: 2 },
      { _id: 'a', v: 1 },
      { _id: 'e', v: 1 },
    ];
    const { result, log } = replayOrdered(oldDocs, newDocs);
    assert.deepEqual(result, newDocs);
    assert.deepEqual(log, ['remove d', 'change c {"v":2}', 'move a before null', 'add e before null']);
  });

  it('turns any old list into any new list (randomized, seeded)', () => {
    const random = lcg(42);
    for (let round = 0; round < 200; round++) {
      const ids = Array.from({ length: 12 }, (_, i) => `d${i}`);
      const pick = (): Document[] =>
        ids
          .filter(() => random() < 0.6)
          .map((id) => ({ _id: id, v: Math.floor(random() * 3) }))
          .sort(() => random() - 0.5);
      const oldDocs = pick();
      const newDocs = pick();
      assert.deepEqual(replayOrdered(oldDocs, newDocs).result, newDocs, `round ${round}`);
    }
  });

  it('applies a projection before comparing and reporting', () => {
    const log: string[] = [];
    diffQueryOrderedChanges(
      [{ _id: 'a', shown: 1, hidden: 1 }],
      [
        { _id: 'a', shown: 1, hidden: 2 },
        { _id: 'b', shown: 2, hidden: 0 },
      ],
      {
        changed: (id) => log.push(`change ${String(id)}`),
        addedBefore: (id, fields) => log.push(`add ${String(id)} ${JSON.stringify(fields)}`),
      },
      { projectionFn: (doc) => ({ _id: doc._id, shown: doc.shown }) },
    );
    assert.deepEqual(log, ['add b {"shown":2}']);
  });

  it('diffs unordered results by id', () => {
    const oldMap = new IdMap<Document>().set('a', { _id: 'a', v: 1 }).set('b', { _id: 'b', v: 1 });
    const newMap = new IdMap<Document>().set('a', { _id: 'a', v: 2 }).set('c', { _id: 'c', v: 1 });
    const log: string[] = [];
    diffQueryUnorderedChanges(oldMap, newMap, {
      added: (id, fields) => log.push(`add ${String(id)} ${JSON.stringify(fields)}`),
      changed: (id, fields) => log.push(`change ${String(id)} ${JSON.stringify(fields)}`),
      removed: (id) => log.push(`remove ${String(id)}`),
    });
    assert.deepEqual(log, ['change a {"v":2}', 'add c {"v":1}', 'remove b']);
  });

  it('makeChangedFields marks removed fields undefined and applyChanges applies them', () => {
    const changed = makeChangedFields({ a: 1, b: { x: 2 } }, { a: 1, b: { x: 1 }, c: 3 });
    assert.deepEqual(changed, { b: { x: 2 }, c: undefined });
    const doc: Document = { a: 1, b: { x: 1 }, c: 3 };
    applyChanges(doc, changed);
    assert.deepEqual(doc, { a: 1, b: { x: 2 } });
  });

  it('diffObjects visits each key once, on the right side', () => {
    const seen: string[] = [];
    diffObjects(
      { a: 1, b: 2 },
      { b: 3, c: 4 },
      {
        leftOnly: (k) => seen.push(`left ${k}`),
        rightOnly: (k) => seen.push(`right ${k}`),
        both: (k, l, r) => seen.push(`both ${k} ${String(l)} ${String(r)}`),
      },
    );
    assert.deepEqual(seen, ['left a', 'both b 2 3', 'right c']);
  });
});
