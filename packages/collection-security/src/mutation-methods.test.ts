import assert from 'node:assert/strict';
import { MeteorError } from '@perseid/meteor-core';
import { CollectionSecurity } from './collection-security';
import type { MutableCollection, MutationMethod } from './mutation-methods';
import type { Doc } from './allow-deny';

/** A map-backed collection: enough to see which writes got through. */
function memoryCollection(name: string): MutableCollection & { docs: Map<string, Doc> } {
  const docs = new Map<string, Doc>();
  return {
    _name: name,
    docs,
    async findOneAsync(selector) {
      return docs.get(String(selector._id));
    },
    async insertAsync(doc) {
      const id = String(doc._id ?? `id${docs.size + 1}`);
      docs.set(id, { ...doc, _id: id });
      return id;
    },
    async updateAsync(selector, modifier) {
      const doc = docs.get(String(selector._id));
      if (doc === undefined) return 0;
      Object.assign(doc, (modifier as { $set?: Doc }).$set ?? {});
      return 1;
    },
    async removeAsync(selector) {
      return docs.delete(String(selector._id)) ? 1 : 0;
    },
  };
}

function setup() {
  const registered: Record<string, MutationMethod> = {};
  const security = new CollectionSecurity({ methods: (map) => Object.assign(registered, map) });
  const notes = memoryCollection('notes');
  security.secure(notes);
  const call = (name: string, userId: string | null, ...args: unknown[]) => {
    const method = registered[`/notes/${name}`];
    assert.ok(method, `method ${name} registered`);
    return method.apply({ userId }, args);
  };
  return { security, notes, call, registered };
}

async function refused(promise: Promise<unknown>, reason: RegExp): Promise<void> {
  await assert.rejects(promise, (e: unknown) => e instanceof MeteorError && e.error === 403 && reason.test(e.reason ?? ''));
}

describe('collection mutation methods', () => {
  it('refuse every client write while the collection has no allow rule', async () => {
    const { notes, call } = setup();
    notes.docs.set('n1', { _id: 'n1', owner: 'u1' });
    await refused(call('insertAsync', 'u1', { owner: 'u1' }), /No allow validators/);
    await refused(call('updateAsync', 'u1', 'n1', { $set: { text: 'x' } }), /No allow validators/);
    await refused(call('removeAsync', 'u1', 'n1'), /No allow validators/);
    assert.deepEqual([...notes.docs.keys()], ['n1']);
    assert.equal(notes.docs.get('n1')?.text, undefined);
  });

  it('apply allow and deny rules to inserts, updates and removes', async () => {
    const { security, notes, call } = setup();
    security.allow(notes, {
      insert: (userId, doc) => doc.owner === userId,
      update: (userId, doc, fields) => doc.owner === userId && !fields.includes('owner'),
      remove: (userId, doc) => doc.owner === userId,
      fetch: ['owner'],
    });
    assert.equal(await call('insertAsync', 'u1', { _id: 'a', owner: 'u1' }), 'a');
    await refused(call('insertAsync', 'u1', { _id: 'b', owner: 'u2' }), /Access denied/);
    assert.equal(await call('updateAsync', 'u1', { _id: 'a' }, { $set: { text: 'hi' } }), 1);
    await refused(call('updateAsync', 'u1', { _id: 'a' }, { $set: { owner: 'u2' } }), /Access denied/);
    await refused(call('updateAsync', 'u2', 'a', { $set: { text: 'mine now' } }), /Access denied/);
    await refused(call('removeAsync', 'u2', 'a'), /Access denied/);
    assert.equal(notes.docs.get('a')?.text, 'hi');
    assert.equal(await call('removeAsync', 'u1', 'a'), 1);
    assert.equal(notes.docs.size, 0);
  });

  it('accept only _id selectors, modifiers (no replacement, no upsert) and known operators from clients', async () => {
    const { security, notes, call } = setup();
    security.allow(notes, { update: () => true, remove: () => true });
    notes.docs.set('a', { _id: 'a' });
    await refused(call('updateAsync', 'u1', { owner: 'u1' }, { $set: { x: 1 } }), /only update documents by ID/);
    await refused(call('removeAsync', 'u1', { _id: { $ne: 'z' } }), /only remove documents by ID/);
    await refused(call('updateAsync', 'u1', 'a', { x: 1 }), /not replace them/);
    await refused(call('updateAsync', 'u1', 'a', { $set: { x: 1 } }, { upsert: true }), /Upserts not allowed/);
    await refused(call('updateAsync', 'u1', 'a', { $rename: { x: 'y' } }), /Operator \$rename not allowed/);
    await assert.rejects(call('insertAsync', 'u1', 'not a doc'), /Invalid document/);
  });

  it('registers the methods once per collection', () => {
    const { security, notes, registered } = setup();
    const before = Object.keys(registered).length;
    security.secure(notes);
    assert.equal(Object.keys(registered).length, before);
  });
});
