import assert from 'node:assert/strict';
import { WriteFence, currentWriteFence } from '@perseid/ddp-server';
import type { Fields, Mongo, ObserveHandle, ReactivityMechanism, RemoteCollectionDriver } from '../src/index';
import { collection, startDatabase, type Database } from './fixture';

interface Doc {
  _id: string;
  room: string;
  n: number;
  tag?: string;
}

/** Deterministic pseudo-random numbers, so a failure replays exactly (OBSERVE_SEED=n tries another sequence). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const QUERIES: Array<{ selector: Record<string, unknown>; options: Record<string, unknown>; ordered: boolean }> = [
  { selector: { room: 'a' }, options: {}, ordered: false },
  { selector: { room: 'a' }, options: { sort: { n: 1 }, limit: 3 }, ordered: true },
  { selector: { room: { $in: ['a', 'b'] } }, options: { sort: { n: -1 }, limit: 4 }, ordered: false },
  { selector: { n: { $gte: 10, $lt: 60 } }, options: { sort: { n: 1 } }, ordered: true },
  { selector: { tag: 'x' }, options: { fields: { n: 1 } }, ordered: false },
  { selector: { room: 'b' }, options: { sort: { n: 1 }, skip: 1, limit: 2 }, ordered: true },
];

interface View {
  docs: Array<{ _id: unknown } & Fields>;
}

function follow(view: View, ordered: boolean) {
  const at = (id: unknown) => view.docs.findIndex((d) => d._id === id);
  const addedBefore = (id: unknown, fields: Fields, before: unknown) => {
    view.docs.splice(before === null ? view.docs.length : at(before), 0, { _id: id, ...fields });
  };
  const common = {
    changed: (id: unknown, fields: Fields) => {
      const doc = view.docs[at(id)] as Record<string, unknown>;
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) delete doc[k];
        else doc[k] = v;
      }
    },
    removed: (id: unknown) => void view.docs.splice(at(id), 1),
  };
  if (!ordered) return { ...common, added: (id: unknown, fields: Fields) => addedBefore(id, fields, null) };
  return {
    ...common,
    addedBefore,
    movedBefore: (id: unknown, before: unknown) => {
      const [doc] = view.docs.splice(at(id), 1);
      view.docs.splice(before === null ? view.docs.length : at(before), 0, doc as View['docs'][number]);
    },
  };
}

describe('observe drivers under random writes (seeded)', function () {
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

  for (const [mechanism] of [['changeStreams'], ['polling']] as const) {
    it(`${mechanism}: every observer equals a fresh query after each of 80 random writes`, async () => {
      const random = lcg(Number(process.env['OBSERVE_SEED'] ?? (mechanism === 'changeStreams' ? 7 : 11)));
      const c: Mongo.Collection<Doc> = collection<Doc>(drivers.get(mechanism) as RemoteCollectionDriver, 'random');
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      // Distinct n values keep sort order total, so a fresh query's order is well defined.
      let nextN = 0;
      const freshN = () => (nextN += 1 + Math.floor(random() * 3)) + random() / 10;
      const ids = Array.from({ length: 12 }, (_, i) => `d${i}`);
      for (const id of ids.slice(0, 6)) await c.insertAsync({ _id: id, room: pick(['a', 'b', 'c']), n: freshN() });

      const views: Array<{ view: View; handle: ObserveHandle; cursor: Mongo.Cursor<Doc>; ordered: boolean }> = [];
      for (const q of QUERIES) {
        const view: View = { docs: [] };
        const cursor = c.find(q.selector, q.options);
        const handle = await cursor.observeChangesAsync(follow(view, q.ordered));
        assert.equal(handle.driver, mechanism);
        views.push({ view, handle, cursor, ordered: q.ordered });
      }
      for (let step = 0; step < 80; step++) {
        const id = pick(ids);
        const roll = random();
        const fence = new WriteFence();
        let action = '';
        await currentWriteFence.withValue(fence, async () => {
          if (roll < 0.3) {
            action = `upsert ${id}`;
            await c.upsertAsync({ _id: id }, { $set: { room: pick(['a', 'b', 'c']), n: freshN() } });
          } else if (roll < 0.55) {
            action = `move ${id}`;
            await c.updateAsync(id, { $set: { n: freshN() } });
          } else if (roll < 0.7) {
            action = `tag ${id}`;
            await c.updateAsync(id, random() < 0.5 ? { $set: { tag: 'x' } } : { $unset: { tag: 1 } });
          } else if (roll < 0.8) {
            action = `replace ${id}`;
            await c.updateAsync(id, { room: pick(['a', 'b']), n: freshN() });
          } else if (roll < 0.92) {
            action = `remove ${id}`;
            await c.removeAsync(id);
          } else {
            action = 'shift room a';
            await c.updateAsync({ room: 'a' }, { $inc: { n: 100 } }, { multi: true });
            nextN += 100;
          }
        });
        await fence.armAndWait();
        for (const [i, v] of views.entries()) {
          const fresh = await v.cursor.fetchAsync();
          const byId = (a: { _id: unknown }, b: { _id: unknown }) => String(a._id).localeCompare(String(b._id));
          const seen = v.ordered ? v.view.docs : [...v.view.docs].sort(byId);
          const want = v.ordered ? fresh : [...fresh].sort(byId);
          assert.deepEqual(seen, want, `query ${i} after step ${step} (${action})`);
        }
      }
      for (const v of views) v.handle.stop();
    });
  }
});
