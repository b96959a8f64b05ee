import assert from 'node:assert/strict';
import SimpleSchema from 'simpl-schema';
import { MeteorError } from '@perseid/meteor-core';
import { attachSchema, schemaOf } from './attach-schema';

const messageSchema = new SimpleSchema({
  text: { type: String, max: 20 },
  roomId: String,
  pinned: { type: Boolean, defaultValue: false },
  createdAt: { type: Date, optional: true },
});

/** A recording stand-in for a collection: what reaches it is what the database would get. */
function recorder() {
  const writes: unknown[][] = [];
  return {
    writes,
    async insertAsync(doc: unknown) {
      writes.push(['insert', doc]);
      return 'id1';
    },
    async updateAsync(selector: unknown, modifier: unknown, options?: unknown) {
      writes.push(['update', selector, modifier, options]);
      return 1;
    },
    insert(doc: unknown) {
      writes.push(['insert-sync', doc]);
      return 'id2';
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<MeteorError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MeteorError);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('attachSchema', () => {
  it('cleans inserts before they reach the collection: unknown keys dropped, defaults added, types converted', async () => {
    const c = attachSchema(recorder(), messageSchema);
    await c.insertAsync({ _id: 'm1', text: '  hi  ', roomId: 42, junk: 'x' });
    assert.deepEqual(c.writes, [['insert', { _id: 'm1', text: 'hi', roomId: '42', pinned: false }]]);
    assert.equal(schemaOf(c), messageSchema);
  });

  it('rejects an invalid insert with validation-error and per-field details, writing nothing', async () => {
    const c = attachSchema(recorder(), messageSchema);
    const error = await rejection(c.insertAsync({ text: 'x'.repeat(30) }));
    assert.equal(error.error, 'validation-error');
    const names = (error.details as { name: string }[]).map((d) => d.name).sort();
    assert.deepEqual(names, ['roomId', 'text']);
    assert.deepEqual(c.writes, []);
  });

  it('validates update modifiers and refuses whole-document replacements', async () => {
    const c = attachSchema(recorder(), messageSchema);
    await c.updateAsync({ _id: 'm1' }, { $set: { text: 'ok', junk: 1 } });
    assert.deepEqual(c.writes[0], ['update', { _id: 'm1' }, { $set: { text: 'ok' } }, undefined]);
    const tooLong = await rejection(c.updateAsync({ _id: 'm1' }, { $set: { text: 'y'.repeat(30) } }));
    assert.equal(tooLong.error, 'validation-error');
    const unset = await rejection(c.updateAsync({ _id: 'm1' }, { $unset: { roomId: '' } }));
    assert.equal(unset.error, 'validation-error');
    const replace = await rejection(c.updateAsync({ _id: 'm1' }, { text: 'replace' }));
    assert.equal(replace.error, 'validation-error');
    assert.equal(c.writes.length, 1);
  });

  it('guards the client-side sync insert too, so a stub never writes an invalid document', () => {
    const c = attachSchema(recorder(), messageSchema);
    assert.throws(
      () => c.insert({ text: 1 }),
      (e: unknown) => e instanceof MeteorError && e.error === 'validation-error',
    );
    assert.deepEqual(c.writes, []);
  });

  it('rejects a non-object document and a non-schema argument clearly', async () => {
    const c = attachSchema(recorder(), messageSchema);
    assert.equal((await rejection(c.insertAsync('nope'))).error, 'validation-error');
    assert.throws(() => attachSchema(recorder(), {} as SimpleSchema), /SimpleSchema/);
  });

  it('replaces the schema when attached again', async () => {
    const c = attachSchema(recorder(), messageSchema);
    attachSchema(c, new SimpleSchema({ title: String }));
    await c.insertAsync({ title: 't', text: 'dropped' });
    assert.deepEqual(c.writes, [['insert', { title: 't' }]]);
  });
});
