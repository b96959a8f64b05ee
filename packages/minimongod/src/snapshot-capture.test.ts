import assert from 'node:assert/strict';
import { UUID, type Document } from 'bson';
import { Catalog } from './catalog';
import type { OplogEntry } from './oplog-entry';
import { SnapshotCapture } from './snapshot-capture';
import type { SnapshotView } from './snapshot-file';

/** What a snapshot of `view` would hold: namespace → sorted `_id`s with their `v`. */
function contents(view: SnapshotView): Map<string, Array<[unknown, unknown]>> {
  const out = new Map<string, Array<[unknown, unknown]>>();
  for (const coll of view.collections) {
    const docs: Document[] = [];
    for (const chunk of coll.chunks) {
      chunk.records.forEach((record, i) => {
        if (!coll.skip.has(chunk.keys[i] as string)) docs.push(record.doc);
      });
    }
    for (const record of coll.current) docs.push(record.doc);
    out.set(
      `${coll.db}.${coll.name}`,
      docs.map((d): [unknown, unknown] => [d['_id'], d['v']]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  }
  return out;
}

function catalogContents(catalog: Catalog): Map<string, Array<[unknown, unknown]>> {
  const out = new Map<string, Array<[unknown, unknown]>>();
  for (const store of catalog.allCollections()) {
    out.set(
      store.ns,
      [...store.records.values()].map((r): [unknown, unknown] => [r.doc['_id'], r.doc['v']]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  }
  return out;
}

describe('snapshot-capture', () => {
  let ts = 0n;
  const ns = (coll: string) => ({ db: 'd', coll });
  let catalog: Catalog;
  let capture: SnapshotCapture | null;
  const commit = (entry: OplogEntry): void => {
    catalog.apply(entry);
    capture?.note(entry);
  };
  const create = (coll: string) => commit({ op: 'create', ts: ++ts, ns: ns(coll), options: {}, uuid: new UUID() });
  const insert = (coll: string, id: unknown, v: unknown) => commit({ op: 'insert', ts: ++ts, ns: ns(coll), doc: { _id: id, v } });
  const update = (coll: string, id: unknown, v: unknown) =>
    commit({ op: 'update', ts: ++ts, ns: ns(coll), doc: { _id: id, v }, description: { updatedFields: { v }, removedFields: [], truncatedArrays: [] } });
  const remove = (coll: string, id: unknown) => commit({ op: 'delete', ts: ++ts, ns: ns(coll), id });

  beforeEach(() => {
    catalog = new Catalog();
    capture = null;
  });

  it('is exact as of finish() although writes interleave with every copy step', () => {
    create('a');
    create('b');
    for (let i = 0; i < 100; i += 1) insert('a', i, 0);
    for (let i = 0; i < 10; i += 1) insert('b', `b${i}`, 0);
    create('dropped');
    insert('dropped', 'x', 0);
    create('renamed');
    insert('renamed', 'r', 0);
    capture = new SnapshotCapture(catalog);
    let steps = 0;
    while (capture.step(7) === 'more') {
      steps += 1;
      // Every kind of change, at positions the copy has and has not reached yet.
      update('a', steps, steps);
      update('a', 99 - steps, steps);
      if (steps % 3 === 0) remove('a', 50 + steps);
      if (steps === 2) {
        remove('a', 3);
        insert('a', 3, 'again');
      }
      insert('a', `new${steps}`, steps);
      if (steps === 4) commit({ op: 'drop', ts: ++ts, ns: ns('dropped') });
      if (steps === 5) {
        create('late');
        insert('late', 'l', 1);
        commit({ op: 'rename', ts: ++ts, ns: ns('renamed'), to: ns('moved') });
        insert('moved', 'm', 1);
      }
    }
    assert.ok(steps > 10, 'the copy took many steps');
    const view = capture.finish(ts, 1);
    assert.deepEqual(contents(view), catalogContents(catalog));
    assert.ok(!contents(view).has('d.dropped'));
    assert.deepEqual(contents(view).get('d.moved'), [
      ['m', 1],
      ['r', 0],
    ]);
  });

  it('stays fixed after finish() while writes go on', () => {
    create('a');
    for (let i = 0; i < 20; i += 1) insert('a', i, 0);
    capture = new SnapshotCapture(catalog);
    while (capture.step(5) === 'more') update('a', 1, 'during');
    const view = capture.finish(ts, 1);
    const before = contents(view);
    capture = null;
    update('a', 1, 'after');
    remove('a', 2);
    insert('a', 'later', 0);
    assert.deepEqual(contents(view), before);
    assert.deepEqual(
      before.get('d.a')?.find(([id]) => id === 1),
      [1, 'during'],
    );
  });
});
