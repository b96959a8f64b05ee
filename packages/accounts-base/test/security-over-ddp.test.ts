import assert from 'node:assert/strict';
import SimpleSchema from 'simpl-schema';
import { check } from '@perseid/check';
import { Mongo } from '@perseid/mongo';
import { auditedMethods, defineMethod, installCollectionSecurity, installMethodHost, registerServerCollection } from '@perseid/collection-security';
import type { MethodContext } from '@perseid/collection-security';
import { digestPassword } from '../src/index';
import { startAccountsFixture } from './accounts-fixture';
import type { AccountsFixture } from './accounts-fixture';
import { resetDefinedMethodsForTests } from '../../collection-security/src/define-method';
import { uninstallCollectionSecurityForTests } from '../../collection-security/src/server-collection-security';

interface Note {
  _id: string;
  owner: string;
  text: string;
  pinned: boolean;
}

const noteSchema = new SimpleSchema({
  owner: String,
  text: { type: String, max: 50 },
  pinned: { type: Boolean, defaultValue: false },
});

describe('collection security over DDP (allow/deny, attachSchema, audit, defineMethod)', function () {
  this.timeout(30_000);
  let fx: AccountsFixture;
  let notes: Mongo.Collection<Note>;
  let locked: Mongo.Collection<Note>;
  let hostHandle: { stop(): void };

  before(async () => {
    fx = await startAccountsFixture({ rateLimit: false });
    uninstallCollectionSecurityForTests();
    // Collections made before the server is known, as app modules do at load time.
    notes = new Mongo.Collection<Note>(`notes_${process.pid}`, { _driver: fx.driver });
    notes.attachSchema(noteSchema);
    locked = new Mongo.Collection<Note>(`locked_${process.pid}`, { _driver: fx.driver });
    notes.allow({
      insert: (userId, doc) => userId !== null && doc.owner === userId,
      update: (userId, doc, fields) => doc.owner === userId && !fields.includes('owner'),
      remove: (userId, doc) => doc.owner === userId,
      fetch: ['owner'],
    });
    // The users collection was made before this suite reset the hook; register it again.
    registerServerCollection(fx.users);
    installCollectionSecurity(fx.server);
    fx.server.methods(
      auditedMethods({
        async 'notes.checked'(this: MethodContext, text: unknown) {
          check(text, String);
          return text.length;
        },
        async 'notes.unchecked'(this: MethodContext, text: unknown) {
          return String(text).length;
        },
      }),
    );
    resetDefinedMethodsForTests();
    hostHandle = installMethodHost({
      register: (name, handler) => fx.server.methods({ [name]: auditedMethods({ [name]: handler })[name] as typeof handler }),
      callAsync: (name, args) => fx.server.applyAsync(name, args),
    });
    defineMethod({
      name: 'notes.add',
      schema: new SimpleSchema({ text: { type: String, max: 50 } }),
      async run(this: MethodContext, args: { text: string }) {
        if (this.userId === null) throw new Error('not logged in');
        return notes.insertAsync({ owner: this.userId, text: args.text, pinned: false });
      },
    });
  });
  after(async () => {
    hostHandle.stop();
    resetDefinedMethodsForTests();
    uninstallCollectionSecurityForTests();
    await fx.stop();
  });

  async function loggedInClient() {
    const client = await fx.connect();
    const name = `sec${Math.random().toString(36).slice(2, 10)}`;
    const login = (await client.call('createUser', { username: name, password: await digestPassword('pw') })) as { id: string };
    return { client, userId: login.id };
  }

  it('refuses every client write to a collection without allow rules, leaving the database unchanged', async () => {
    const { client, userId } = await loggedInClient();
    const refused = await client.refused(`/${locked._name}/insertAsync`, { _id: 'x1', owner: userId, text: 'hi', pinned: false });
    assert.equal(refused.error, 403);
    assert.equal(await locked.find().countAsync(), 0);
  });

  it('refuses a client writing its own user document (no role escalation through Meteor.users)', async () => {
    const { client, userId } = await loggedInClient();
    const refused = await client.refused(`/${fx.usersName}/updateAsync`, { _id: userId }, { $set: { roles: ['admin'], 'profile.name': 'x' } });
    assert.equal(refused.error, 403);
    assert.equal((await client.refused(`/${fx.usersName}/removeAsync`, userId)).error, 403);
    assert.equal((await fx.users.findOneAsync({ _id: userId }))?.roles, undefined);
  });

  it('lets allowed writes through and refuses the rest, updates and removes by _id only', async () => {
    const { client, userId } = await loggedInClient();
    const { client: intruder } = await loggedInClient();
    const id = `n-${userId}`;
    assert.equal(await client.call(`/${notes._name}/insertAsync`, { _id: id, owner: userId, text: 'mine' }), id);
    assert.equal((await intruder.refused(`/${notes._name}/insertAsync`, { owner: userId, text: 'forged' })).reason, 'Access denied');
    assert.equal((await intruder.refused(`/${notes._name}/updateAsync`, { _id: id }, { $set: { text: 'defaced' } })).error, 403);
    assert.match((await client.refused(`/${notes._name}/updateAsync`, { owner: userId }, { $set: { text: 'x' } })).reason ?? '', /only update documents by ID/);
    assert.match((await client.refused(`/${notes._name}/removeAsync`, { owner: userId })).reason ?? '', /only remove documents by ID/);
    assert.equal(await client.call(`/${notes._name}/updateAsync`, { _id: id }, { $set: { text: 'edited' } }), 1);
    assert.equal((await notes.findOneAsync(id))?.text, 'edited');
    assert.equal((await intruder.refused(`/${notes._name}/removeAsync`, id)).error, 403);
    assert.equal(await client.call(`/${notes._name}/removeAsync`, id), 1);
    assert.equal(await notes.findOneAsync(id), undefined);
  });

  it('rejects a write the schema refuses with validation-error details, writing nothing', async () => {
    const { client, userId } = await loggedInClient();
    const id = `bad-${userId}`;
    const refused = await client.refused(`/${notes._name}/insertAsync`, { _id: id, owner: userId, text: 'x'.repeat(80) });
    assert.equal(refused.error, 'validation-error');
    assert.deepEqual(
      (refused.details as { name: string }[]).map((d) => d.name),
      ['text'],
    );
    assert.equal(await notes.findOneAsync(id), undefined);
    await client.call(`/${notes._name}/insertAsync`, { _id: id, owner: userId, text: 'ok', junk: 'dropped' });
    assert.deepEqual(await notes.findOneAsync(id), { _id: id, owner: userId, text: 'ok', pinned: false }, 'cleaned: unknown key dropped, default added');
    const badUpdate = await client.refused(`/${notes._name}/updateAsync`, id, { $set: { text: 'y'.repeat(80) } });
    assert.equal(badUpdate.error, 'validation-error');
    assert.equal((await notes.findOneAsync(id))?.text, 'ok');
  });

  it('rejects, in audit mode, a method that did not check its arguments', async () => {
    const { client } = await loggedInClient();
    assert.equal(await client.call('notes.checked', 'four'), 4);
    const refused = await client.refused('notes.unchecked', 'four');
    assert.equal(refused.error, 500, 'an audit failure is a server fault, as in Meteor');
  });

  it('validates defineMethod arguments by schema before run (which counts as checked)', async () => {
    const { client, userId } = await loggedInClient();
    const id = (await client.call('notes.add', { text: ' typed ' })) as string;
    assert.deepEqual(await notes.findOneAsync(id), { _id: id, owner: userId, text: 'typed', pinned: false });
    const refused = await client.refused('notes.add', { text: 'z'.repeat(60) });
    assert.equal(refused.error, 'validation-error');
    assert.equal((await client.refused('notes.add', 'nope')).error, 'validation-error');
  });
});
