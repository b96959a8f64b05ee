import assert from 'node:assert/strict';
import { EJSON } from '@perseid/ejson';
import { WriteFence, currentWriteFence } from '@perseid/ddp-server';
import type { Fields, Mongo, ObserveHandle, ReactivityMechanism, RemoteCollectionDriver } from '../src/index';
import { collection, startDatabase, type Database } from './fixture';

interface Doc {
  _id: string;
  room: string;
  n: number;
  text?: string;
  extra?: string;
}

/** Runs `write` inside a method-style write fence and resolves once the fence fires. */
async function fenced(write: () => Promise<unknown>): Promise<void> {
  const fence = new WriteFence();
  await currentWriteFence.withValue(fence, write);
  await fence.armAndWait();
}

interface Recorder {
  log: string[];
  /** The observer's view of the results, in order when ordered. */
  docs: Array<{ _id: unknown } & Fields>;
}

function orderedRecorder(): { rec: Recorder; callbacks: Parameters<Mongo.Cursor<Doc>['observeChangesAsync']>[0] } {
  const rec: Recorder = { log: [], docs: [] };
  const indexOf = (id: unknown) => rec.docs.findIndex((d) => d._id === id);
  return {
    rec,
    callbacks: {
      addedBefore(id, fields, before) {
        rec.log.push(`added ${String(id)} before ${String(before)} ${EJSON.stringify(fields as never)}`);
        const at = before === null ? rec.docs.length : indexOf(before);
        rec.docs.splice(at, 0, { _id: id, ...fields });
      },
      changed(id, fields) {
        rec.log.push(`changed ${String(id)} ${EJSON.stringify(fields as never)}`);
        const doc = rec.docs[indexOf(id)] as Record<string, unknown>;
        for (const [k, v] of Object.entries(fields)) {
          if (v === undefined) delete doc[k];
          else doc[k] = v;
        }
      },
      movedBefore(id, before) {
        rec.log.push(`moved ${String(id)} before ${String(before)}`);
        const [doc] = rec.docs.splice(indexOf(id), 1);
        const at = before === null ? rec.docs.length : indexOf(before);
        rec.docs.splice(at, 0, doc as Recorder['docs'][number]);
      },
      removed(id) {
        rec.log.push(`removed ${String(id)}`);
        rec.docs.splice(indexOf(id), 1);
      },
    },
  };
}

function unorderedRecorder(): { rec: Recorder; callbacks: Parameters<Mongo.Cursor<Doc>['observeChangesAsync']>[0] } {
  const { rec, callbacks } = orderedRecorder();
  return {
    rec,
    callbacks: {
      added: (id, fields) => callbacks.addedBefore?.(id, fields, null),
      changed: callbacks.changed,
      removed: callbacks.removed,
    },
  };
}

type Write = (c: Mongo.Collection<Doc>) => Promise<unknown>;

interface QueryCase {
  name: string;
  selector: Record<string, unknown>;
  options: Record<string, unknown>;
  ordered: boolean;
}

const queries: QueryCase[] = [
  { name: 'room a, unordered', selector: { room: 'a' }, options: {}, ordered: false },
  { name: 'room a, sort n, limit 3, ordered', selector: { room: 'a' }, options: { sort: { n: 1 }, limit: 3 }, ordered: true },
  { name: 'room a, sort -n, limit 2, unordered (publish-style window)', selector: { room: 'a' }, options: { sort: { n: -1 }, limit: 2 }, ordered: false },
  { name: 'n > 2 with fields {n}', selector: { n: { $gt: 2 } }, options: { fields: { n: 1 } }, ordered: false },
  { name: 'room in [a,b], sort n, ordered, no limit', selector: { room: { $in: ['a', 'b'] } }, options: { sort: { n: 1 } }, ordered: true },
  { name: 'room a, sort n, skip 1, limit 2, ordered', selector: { room: 'a' }, options: { sort: { n: 1 }, skip: 1, limit: 2 }, ordered: true },
];

const seed: Doc[] = [
  { _id: 'd1', room: 'a', n: 1, text: 'one' },
  { _id: 'd2', room: 'a', n: 2, text: 'two' },
  { _id: 'd3', room: 'b', n: 3, text: 'three' },
  { _id: 'd4', room: 'a', n: 4, text: 'four' },
];

const writes: Array<[string, Write]> = [
  ['insert into the front of the window', (c) => c.insertAsync({ _id: 'd5', room: 'a', n: 0 })],
  ['insert past the end of the window', (c) => c.insertAsync({ _id: 'd6', room: 'a', n: 10 })],
  ['insert a non-matching document', (c) => c.insertAsync({ _id: 'd7', room: 'c', n: 5 })],
  ['update a field the query does not read', (c) => c.updateAsync('d1', { $set: { extra: 'x' } })],
  ['update moves a document out of the window', (c) => c.updateAsync('d5', { $set: { n: 20 } })],
  ['update moves a document into the window', (c) => c.updateAsync('d6', { $set: { n: 1.5 } })],
  ['update makes a document stop matching', (c) => c.updateAsync('d2', { $set: { room: 'b' } })],
  ['update makes a document match', (c) => c.updateAsync('d7', { $set: { room: 'a' } })],
  ['replace a document', (c) => c.updateAsync('d4', { room: 'a', n: 0.5, text: 'replaced' })],
  ['unset a field', (c) => c.updateAsync('d1', { $unset: { text: 1 } })],
  ['multi-update shifts every document', (c) => c.updateAsync({ room: 'a' }, { $inc: { n: 0.25 } }, { multi: true })],
  ['delete a document from the window', (c) => c.removeAsync('d4')],
  ['delete everything in room a', (c) => c.removeAsync({ room: 'a' })],
];

describe('observe drivers: the same callbacks from change streams and polling', function () {
  this.timeout(60_000);
  let db: Database;
  const drivers = new Map<ReactivityMechanism, RemoteCollectionDriver>();

  before(async () => {
    db = await startDatabase();
    drivers.set('changeStreams', db.driver({ reactivity: ['changeStreams'] }));
    drivers.set('polling', db.driver({ reactivity: ['polling'], pollingThrottleMs: 0 }));
  });
  after(async () => {
    await db.stop();
  });

  for (const query of queries) {
    it(query.name, async () => {
      const logs = new Map<string, string[][]>();
      for (const [mechanism, driver] of drivers) {
        const c = collection<Doc>(driver, 'table');
        for (const doc of seed) await c.insertAsync(doc);
        const cursor = c.find(query.selector, query.options);
        const { rec, callbacks } = query.ordered ? orderedRecorder() : unorderedRecorder();
        const handle: ObserveHandle = await cursor.observeChangesAsync(callbacks);
        assert.equal(handle.driver, mechanism);
        const steps: string[][] = [rec.log.splice(0)];
        for (const [label, write] of writes) {
          await fenced(() => write(c));
          const expected = await cursor.fetchAsync();
          const seen = query.ordered ? rec.docs : [...rec.docs].sort((a, b) => String(a._id).localeCompare(String(b._id)));
          const want = query.ordered ? expected : [...expected].sort((a, b) => a._id.localeCompare(b._id));
          assert.deepEqual(seen, want, `${mechanism}: after "${label}" the observer's results differ from a fresh query`);
          steps.push(rec.log.splice(0));
        }
        handle.stop();
        handle.stop();
        logs.set(mechanism, steps);
      }
      const cs = logs.get('changeStreams') as string[][];
      const poll = logs.get('polling') as string[][];
      cs.forEach((step, i) => {
        const label = i === 0 ? 'initial results' : (writes[i - 1] as [string, Write])[0];
        // Within one write the drivers may report documents in a different sequence (a change
        // stream in event order, a poll in diff order); the set of callbacks must be the same,
        // and the resulting order was checked against a fresh query above.
        const norm = (s: string[]) => [...s].sort();
        assert.deepEqual(norm(step), norm(poll[i] as string[]), `callbacks differ between drivers for "${label}"`);
      });
    });
  }
});
