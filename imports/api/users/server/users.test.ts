import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { digestPassword } from '@perseid/accounts-base';
import { DDP } from 'meteor/ddp';
import { chatClientsPerTest, errorCodeOf, eventually } from '/tests/helpers/chat-test-client';
import { Users } from '../users-collection';

describe('users (server, over DDP)', function () {
  this.timeout(20000);
  const testClients = chatClientsPerTest();
  const signUp = testClients.signUp;

  it('makes the first user of the database the admin, and nobody after', async () => {
    const late = await signUp('late');
    const all = await Users.find({}, { sort: { createdAt: 1 }, fields: { roles: 1 } }).fetchAsync();
    assert.deepEqual((all[0] as { roles?: string[] }).roles, ['admin']);
    // Other test files make admins of their own users (by a database write), so only sign-up's
    // own choice is asserted for a later user.
    assert.deepEqual((all.find((user) => user._id === late.id) as { roles?: string[] } | undefined)?.roles, []);
  });

  it('publishes other users without secrets', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    await ana.subscribe('users.directory');
    await eventually('bob listed', () => ana.users.findOne({ _id: bob.id }) !== undefined);
    const seen = ana.users.findOne({ _id: bob.id }) as unknown as Record<string, unknown>;
    assert.equal(seen['services'], undefined);
    assert.equal(seen['emails'], undefined);
    assert.equal((seen['profile'] as { name?: string }).name?.startsWith('bob'), true);
  });

  it('updates the own profile with validation', async () => {
    const ana = await signUp('ana');
    await ana.call('users.updateProfile', { name: 'Ana Lovelace', statusText: 'Reviewing' });
    const user = (await Users.findOneAsync({ _id: ana.id })) as unknown as { profile: { name: string; statusText: string } };
    assert.equal(user.profile.name, 'Ana Lovelace');
    assert.equal(user.profile.statusText, 'Reviewing');
    assert.equal(await errorCodeOf(ana.call('users.updateProfile', { name: '' })), 'validation-error');
  });

  it('lets only admins deactivate users; a deactivated user is cut off at once and cannot sign in', async () => {
    const [admin, bob] = [await signUp('admin'), await signUp('bob')];
    assert.equal(await errorCodeOf(bob.call('users.setDeactivated', { userId: admin.id, deactivated: true })), 'chat.forbidden');
    await Users.updateAsync({ _id: admin.id }, { $set: { roles: ['admin'] } });
    await admin.call('users.setDeactivated', { userId: bob.id, deactivated: true });
    // The server closed bob's logged-in connection; whatever reconnects is anonymous.
    assert.equal(await errorCodeOf(bob.call('channels.create', { name: `x-${bob.username.slice(-5)}`, kind: 'public' })), 'chat.not-logged-in');
    const again = DDP.connect(Meteor.absoluteUrl());
    try {
      const refused = await errorCodeOf(again.applyAsync('login', [{ user: { username: bob.username }, password: await digestPassword('correct horse') }]));
      assert.equal(refused, 'chat.deactivated');
    } finally {
      again.close();
    }
  });
});
