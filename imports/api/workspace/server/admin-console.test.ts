import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { DDP } from 'meteor/ddp';
import { Email } from 'meteor/email';
import { ClientCollection } from 'meteor/mongo';
import { Random } from 'meteor/random';
import { digestPassword } from '@perseid/accounts-base';
import { type ChatTestClient, chatClientsPerTest, errorCodeOf, eventually, settle } from '/tests/helpers/chat-test-client';
import { Channels } from '../../channels/collection';
import { Users } from '../../users/users-collection';
import { Invites, WORKSPACE_ID, Workspace } from '../collection';
import type { Invite, WorkspaceSettings } from '../collection';

const PASSWORD = 'correct horse';

/** Signs up over a fresh connection with createUser's options as a page sends them; answers the new user's id. */
async function signUpWith(options: { email?: string; inviteToken?: string }, prefix = 'new'): Promise<string> {
  const connection = DDP.connect(Meteor.absoluteUrl());
  try {
    const username = `${prefix}${Random.id(6).toLowerCase()}`;
    const result = (await connection.applyAsync('createUser', [{ username, password: await digestPassword(PASSWORD), ...options }], { wait: true })) as {
      id: string;
    };
    return result.id;
  } finally {
    connection.close();
  }
}

async function loginCode(username: string, password = PASSWORD): Promise<unknown> {
  const connection = DDP.connect(Meteor.absoluteUrl());
  try {
    await connection.applyAsync('login', [{ user: { username }, password: await digestPassword(password) }]);
    return 'ok';
  } catch (error) {
    return (error as { error?: unknown }).error;
  } finally {
    connection.close();
  }
}

describe('admin console (server, over DDP)', function () {
  this.timeout(30000);
  const clients = chatClientsPerTest();

  async function admin(prefix = 'adm'): Promise<ChatTestClient> {
    const client = await clients.signUp(prefix);
    await Users.updateAsync({ _id: client.id }, { $set: { roles: ['admin'] } });
    return client;
  }

  // Settings are one document for the whole test database: every test leaves sign-up open.
  afterEach(async () => {
    await Workspace.removeAsync({ _id: WORKSPACE_ID });
  });

  describe('members', () => {
    it('lets an admin promote and demote; a demoted admin loses the admin data at once', async () => {
      const [ada, bob] = [await admin(), await clients.signUp('bob')];
      assert.equal(await errorCodeOf(bob.call('users.setRole', { userId: bob.id, role: 'admin' })), 'chat.forbidden');
      await ada.call('users.setRole', { userId: bob.id, role: 'admin' });
      const invites = new ClientCollection<Invite>('invites', { connection: bob.connection, defineMutationMethods: false });
      await ada.call('invites.create', { expiresInHours: 1 });
      await bob.subscribe('admin.members');
      await bob.subscribe('admin.invites');
      await eventually('bob sees emails and invites', () => invites.find().count() > 0 && bob.users.findOne({ _id: ada.id }) !== undefined);
      await ada.call('users.setRole', { userId: bob.id, role: 'member' });
      await eventually('the invites are withdrawn', () => invites.find().count() === 0);
      assert.equal(await errorCodeOf(bob.call('invites.create', { expiresInHours: 1 })), 'chat.forbidden');
      assert.deepEqual(((await Users.findOneAsync({ _id: bob.id })) as { roles?: string[] }).roles, []);
    });

    it('never leaves the workspace without an active admin', async () => {
      const others = (await Users.find({ roles: 'admin' }, { fields: { _id: 1 } }).fetchAsync()).map((u) => u._id);
      const ada = await clients.signUp('solo');
      await Users.updateAsync({ _id: { $in: others } }, { $pull: { roles: 'admin' } }, { multi: true });
      await Users.updateAsync({ _id: ada.id }, { $set: { roles: ['admin'] } });
      try {
        assert.equal(await errorCodeOf(ada.call('users.setRole', { userId: ada.id, role: 'member' })), 'chat.last-admin');
        assert.deepEqual(((await Users.findOneAsync({ _id: ada.id })) as { roles?: string[] }).roles, ['admin']);
        // With a second admin, either may step down.
        const bob = await clients.signUp('bob');
        await ada.call('users.setRole', { userId: bob.id, role: 'admin' });
        await ada.call('users.setRole', { userId: ada.id, role: 'member' });
        assert.equal(await errorCodeOf(bob.call('users.setRole', { userId: bob.id, role: 'member' })), 'chat.last-admin');
      } finally {
        await Users.updateAsync({ _id: { $in: others } }, { $addToSet: { roles: 'admin' } }, { multi: true });
      }
    });

    it('deactivates and reactivates: cut off and refused at sign-in, then back', async () => {
      const [ada, bob] = [await admin(), await clients.signUp('bob')];
      await ada.call('users.setDeactivated', { userId: bob.id, deactivated: true });
      assert.equal(await loginCode(bob.username), 'chat.deactivated');
      await ada.call('users.setDeactivated', { userId: bob.id, deactivated: false });
      assert.equal(await loginCode(bob.username), 'ok');
    });

    it('signs a member out everywhere, or forces a new password through the reset mail', async () => {
      const ada = await admin();
      const bob = await clients.signUp('bob');
      assert.equal(await errorCodeOf(bob.call('users.reset', { userId: ada.id, kind: 'sessions' })), 'chat.forbidden');
      await ada.call('users.reset', { userId: bob.id, kind: 'sessions' });
      assert.equal(await errorCodeOf(bob.call('channels.create', { name: `x-${Random.id(5).toLowerCase()}`, kind: 'public' })), 'chat.not-logged-in');
      assert.equal(await loginCode(bob.username), 'ok');
      // Bob has no address: a reset link could never reach him, so nothing is changed.
      assert.equal(await errorCodeOf(ada.call('users.reset', { userId: bob.id, kind: 'password' })), 'chat.invalid');
      assert.equal(await loginCode(bob.username), 'ok');

      const email = `carol-${Random.id(6).toLowerCase()}@example.com`;
      const carolId = await signUpWith({ email }, 'carol');
      const carol = (await Users.findOneAsync({ _id: carolId })) as { username: string };
      const mailed: string[] = [];
      const hook = Email.hookSend((message) => {
        mailed.push(String(message.to));
        return false;
      });
      try {
        assert.deepEqual(await ada.call('users.reset', { userId: carolId, kind: 'password' }), { sessionsEnded: true, resetMailed: true });
      } finally {
        hook.stop();
      }
      assert.deepEqual(mailed, [email]);
      assert.notEqual(await loginCode(carol.username), 'ok');
    });
  });

  describe('workspace settings', () => {
    it('renames the workspace, admins only, and everyone (signed out too) sees the name live', async () => {
      const [ada, bob] = [await admin(), await clients.signUp('bob')];
      const visitor = clients.connect();
      const seen = new ClientCollection<WorkspaceSettings>('workspace', { connection: visitor.connection, defineMutationMethods: false });
      await visitor.subscribe('workspace.public');
      assert.equal(await errorCodeOf(bob.call('workspace.setName', { name: 'Mine now' })), 'chat.forbidden');
      assert.equal(await errorCodeOf(ada.call('workspace.setName', { name: 'x'.repeat(61) })), 'validation-error');
      await ada.call('workspace.setName', { name: 'Acme Rockets' });
      await eventually('the visitor sees the new name', () => seen.findOne({ _id: WORKSPACE_ID })?.name === 'Acme Rockets');
      // The admin-only fields never reach the public subscription.
      await ada.call('workspace.setSignupPolicy', { policy: 'email-domain', allowedDomains: ['acme.test'] });
      await eventually('the policy is public', () => seen.findOne({ _id: WORKSPACE_ID })?.signupPolicy === 'email-domain');
      assert.equal(seen.findOne({ _id: WORKSPACE_ID })?.allowedDomains, undefined);
    });

    it('enforces invite-only and email-domain sign-up on the server, with clear codes', async () => {
      const ada = await admin();
      await ada.call('workspace.setSignupPolicy', { policy: 'invite-only' });
      assert.equal(await errorCodeOf(signUpWith({})), 'chat.signup-invite-required');
      assert.equal(await errorCodeOf(signUpWith({ email: 'someone@acme.test' })), 'chat.signup-invite-required');

      assert.equal(await errorCodeOf(ada.call('workspace.setSignupPolicy', { policy: 'email-domain' })), 'chat.invalid');
      assert.equal(await errorCodeOf(ada.call('workspace.setSignupPolicy', { policy: 'email-domain', allowedDomains: ['not a domain'] })), 'validation-error');
      await ada.call('workspace.setSignupPolicy', { policy: 'email-domain', allowedDomains: ['Acme.test'] });
      assert.equal(await errorCodeOf(signUpWith({ email: `eve-${Random.id(5).toLowerCase()}@evil.test` })), 'chat.signup-domain-not-allowed');
      assert.equal(await errorCodeOf(signUpWith({ email: `eve-${Random.id(5).toLowerCase()}@acme.test.evil.test` })), 'chat.signup-domain-not-allowed');
      assert.equal(await errorCodeOf(signUpWith({})), 'chat.signup-domain-not-allowed');
      assert.equal(typeof (await signUpWith({ email: `dan-${Random.id(5).toLowerCase()}@ACME.test` })), 'string');

      await ada.call('workspace.setSignupPolicy', { policy: 'open' });
      assert.equal(typeof (await signUpWith({})), 'string');
    });

    it('puts every new member in the default channels on sign-up', async () => {
      const ada = await admin();
      const name = `welcome-${Random.id(5).toLowerCase()}`;
      const channelId = (await ada.call('channels.create', { name, kind: 'public' })) as string;
      const secret = (await ada.call('channels.create', { name: `${name}-p`, kind: 'private' })) as string;
      assert.equal(await errorCodeOf(ada.call('workspace.setDefaultChannels', { channelIds: [secret] })), 'chat.invalid');
      await ada.call('workspace.setDefaultChannels', { channelIds: [channelId] });
      const newcomer = await clients.signUp('newbie');
      assert.equal((await Channels.findOneAsync({ _id: channelId }))?.memberIds.includes(newcomer.id), true);
      assert.equal((await Channels.findOneAsync({ _id: secret }))?.memberIds.includes(newcomer.id), false);
    });
  });

  describe('invite links', () => {
    it('admits sign-ups under invite-only while valid, counts uses, and refuses used-up, expired, revoked and unknown links', async () => {
      const [ada, bob] = [await admin(), await clients.signUp('bob')];
      assert.equal(await errorCodeOf(bob.call('invites.create', { expiresInHours: 1 })), 'chat.forbidden');
      assert.equal(await errorCodeOf(ada.call('invites.create', { expiresInHours: 0 })), 'validation-error');
      assert.equal(await errorCodeOf(ada.call('invites.create', { expiresInHours: 1, maxUses: 100000 })), 'validation-error');
      await ada.call('workspace.setSignupPolicy', { policy: 'invite-only' });

      const twice = (await ada.call('invites.create', { expiresInHours: 24, maxUses: 2 })) as { inviteId: string; token: string };
      await signUpWith({ inviteToken: twice.token });
      await signUpWith({ inviteToken: twice.token });
      assert.equal(await errorCodeOf(signUpWith({ inviteToken: twice.token })), 'chat.invite-used-up');
      assert.equal((await Invites.findOneAsync({ _id: twice.inviteId }))?.uses, 2);

      const expiring = (await ada.call('invites.create', { expiresInHours: 1 })) as { inviteId: string; token: string };
      await Invites.updateAsync({ _id: expiring.inviteId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      assert.equal(await errorCodeOf(signUpWith({ inviteToken: expiring.token })), 'chat.invite-expired');

      const revoked = (await ada.call('invites.create', { expiresInHours: 1 })) as { inviteId: string; token: string };
      await ada.call('invites.revoke', { inviteId: revoked.inviteId });
      assert.equal(await errorCodeOf(signUpWith({ inviteToken: revoked.token })), 'chat.invite-revoked');

      assert.equal(await errorCodeOf(signUpWith({ inviteToken: Random.secret() })), 'chat.invite-invalid');
      assert.equal(await errorCodeOf(signUpWith({ inviteToken: { $ne: null } as unknown as string })), 'chat.invite-invalid');
      assert.equal(await errorCodeOf(ada.call('invites.revoke', { inviteId: 'nope' })), 'chat.not-found');
    });

    it('does not spend a use on a sign-up refused as a duplicate name', async () => {
      const ada = await admin();
      const once = (await ada.call('invites.create', { expiresInHours: 1, maxUses: 1 })) as { inviteId: string; token: string };
      const connection = DDP.connect(Meteor.absoluteUrl());
      try {
        const taken = await errorCodeOf(
          connection.applyAsync('createUser', [{ username: ada.username, password: await digestPassword(PASSWORD), inviteToken: once.token }]),
        );
        assert.equal(taken, 403);
      } finally {
        connection.close();
      }
      assert.equal((await Invites.findOneAsync({ _id: once.inviteId }))?.uses, 0);
    });

    it('publishes invites with their use counts to admins only', async () => {
      const [ada, bob] = [await admin(), await clients.signUp('bob')];
      const created = (await ada.call('invites.create', { expiresInHours: 1, maxUses: 3 })) as { inviteId: string; token: string };
      const mine = new ClientCollection<Invite>('invites', { connection: ada.connection, defineMutationMethods: false });
      const theirs = new ClientCollection<Invite>('invites', { connection: bob.connection, defineMutationMethods: false });
      await ada.subscribe('admin.invites');
      await bob.subscribe('admin.invites');
      await eventually('the admin sees the invite', () => mine.findOne({ _id: created.inviteId }) !== undefined);
      await signUpWith({ inviteToken: created.token });
      await eventually('the use is counted live', () => mine.findOne({ _id: created.inviteId })?.uses === 1);
      await settle();
      assert.equal(theirs.find().count(), 0);
    });
  });
});
