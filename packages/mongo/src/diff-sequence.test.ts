import assert from 'node:assert/strict';
import { diffOrdered, diffUnordered } from './diff-sequence';
import type { MongoDocument } from './document-id';
import type { ChangeSink, Fields } from './observe-callbacks';

/** Applies callbacks to a list, the way an ordered observer keeps its view. */
function applier(start: MongoDocument[]): { docs: MongoDocument[]; sink: ChangeSink; calls: string[] } {
  const docs = start.map((d) => ({ ...d }));
  const calls: string[] = [];
  const at = (id: unknown) => docs.findIndex((d) => d._id === id);
  const sink: ChangeSink = {
    added: (id, fields) => {
      calls.push('added');
      docs.push({ _id: id, ...fields });
    },
    addedBefore: (id, fields, before) => {
      calls.push('addedBefore');
      docs.splice(before === null ? docs.length : at(before), 0, { _id: id, ...fields });
    },
    changed: (id, fields: Fields) => {
      calls.push('changed');
      const doc = docs[at(id)] as MongoDocument;
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) delete doc[k];
        else doc[k] = v;
      }
    },
    movedBefore: (id, before) => {
      calls.push('movedBefore');
      const [doc] = docs.splice(at(id), 1);
      docs.splice(before === null ? docs.length : at(before), 0, doc as MongoDocument);
    },
    removed: (id) => {
      calls.push('removed');
      docs.splice(at(id), 1);
    },
  };
  return { docs, sink, calls };
}

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('diff-sequence', () => {
  it('turns any ordered before/after pair into callbacks that reproduce the new list', () => {
    const random = rng(42);
    for (let round = 0; round < 300; round++) {
      const pool = Array.from({ length: 12 }, (_, i) => `d${i}`);
      const pick = () => pool.filter(() => random() < 0.6).sort(() => random() - 0.5);
      const before = pick().map((id) => ({ _id: id, v: Math.floor(random() * 3) }));
      const after = pick().map((id) => ({ _id: id, v: Math.floor(random() * 3) }));
      const { docs, sink } = applier(before);
      diffOrdered(before, after, sink);
      assert.deepEqual(docs, after, `round ${round}`);
    }
  });

  it('moves only what must move', () => {
    const list = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ _id: id }));
    const moved = [list[1], list[2], list[3], list[4], list[0]] as MongoDocument[];
    const { calls } = applier(list);
    const sink = applier(list);
    diffOrdered(list, moved, sink.sink);
    assert.deepEqual(sink.calls, ['movedBefore']);
    assert.deepEqual(calls, []);
  });

  it('reports unordered adds, top-level field changes (removed fields as undefined) and removals', () => {
    const seen: string[] = [];
    const sink: ChangeSink = {
      added: (id, f) => void seen.push(`added ${String(id)} ${JSON.stringify(f)}`),
      addedBefore: () => assert.fail('unordered diff never positions'),
      changed: (id, f) => void seen.push(`changed ${String(id)} ${JSON.stringify(Object.entries(f))}`),
      movedBefore: () => assert.fail('unordered diff never moves'),
      removed: (id) => void seen.push(`removed ${String(id)}`),
    };
    diffUnordered(
      new Map([
        ['a', { _id: 'a', x: 1, y: 2 }],
        ['b', { _id: 'b', x: 1 }],
        ['c', { _id: 'c', x: [1, { z: 2 }] }],
      ]),
      new Map([
        ['a', { _id: 'a', x: 2 }],
        ['c', { _id: 'c', x: [1, { z: 2 }] }],
        ['d', { _id: 'd', x: 0 }],
      ]),
      sink,
    );
    assert.deepEqual(seen, ['changed a [["x",2],["y",null]]', 'added d {"x":0}', 'removed b']);
  });
});
