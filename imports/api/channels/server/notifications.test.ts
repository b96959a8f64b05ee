import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Random } from 'meteor/random';
import { chatClientsPerTest, type ChatTestClient, errorCodeOf, eventually, settle } from '/tests/helpers/chat-test-client';
import { Users } from '../../users/users-collection';
import { Memberships, membershipId } from '../collection';

describe('notification preferences (server, over DDP)', function () {
  this.timeout(20000);
  const testClients = chatClientsPerTest();
  const signUp = testClients.signUp;
  const HOUR = 60 * 60_000;

  async function roomWith(owner: ChatTestClient, ...members: ChatTestClient[]): Promise<string> {
    const channelId = await owner.call<string>('channels.create', { name: `notify-${Random.id(6).toLowerCase()}`, kind: 'private' });
    if (members.length > 0) await owner.call('channels.invite', { channelId, userIds: members.map((m) => m.id) });
    return channelId;
  }

  it('a member sets a level and a mute on their own membership, live to them; another member keeps theirs', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await roomWith(ana, bob);
    await bob.subscribe('channels.mine');
    await bob.call('channels.setNotifications', { channelId, notify: 'nothing' });
    await eventually('bob sees his level', () => bob.memberships.findOne({ _id: membershipId(channelId, bob.id) })?.notify === 'nothing');
    const until = new Date(Date.now() + HOUR);
    await bob.call('channels.setNotifications', { channelId, mutedUntil: until });
    await eventually('bob sees his mute', () => bob.memberships.findOne({ _id: membershipId(channelId, bob.id) })?.mutedUntil?.getTime() === until.getTime());
    // A mute leaves the level as it was, and a level leaves the mute.
    await bob.call('channels.setNotifications', { channelId, notify: 'mentions' });
    const stored = await Memberships.findOneAsync({ _id: membershipId(channelId, bob.id) });
    assert.equal(stored?.notify, 'mentions');
    assert.equal(stored?.mutedUntil?.getTime(), until.getTime());
    await bob.call('channels.setNotifications', { channelId, mutedUntil: null });
    assert.equal((await Memberships.findOneAsync({ _id: membershipId(channelId, bob.id) }))?.mutedUntil, null);
    const anas = await Memberships.findOneAsync({ _id: membershipId(channelId, ana.id) });
    assert.equal(anas?.notify, undefined, 'ana’s membership is untouched');
    assert.equal(anas?.mutedUntil, undefined);
  });

  it('refuses outsiders, removed members, malformed levels and mutes in the past or too far ahead', async () => {
    const [ana, bob, eve] = [await signUp('ana'), await signUp('bob'), await signUp('eve')];
    const channelId = await roomWith(ana, bob);
    assert.equal(await errorCodeOf(eve.call('channels.setNotifications', { channelId, notify: 'nothing' })), 'chat.not-member');
    assert.equal(await Memberships.findOneAsync({ _id: membershipId(channelId, eve.id) }), undefined, 'no membership made for an outsider');
    assert.equal(await errorCodeOf(ana.call('channels.setNotifications', { channelId, notify: 'everything' })), 'validation-error');
    assert.equal(await errorCodeOf(ana.call('channels.setNotifications', { channelId, notify: ['all'] })), 'validation-error');
    assert.equal(await errorCodeOf(ana.call('channels.setNotifications', { channelId, mutedUntil: 'tomorrow' })), 'validation-error');
    assert.equal(await errorCodeOf(ana.call('channels.setNotifications', { channelId })), 'chat.invalid');
    assert.equal(await errorCodeOf(ana.call('channels.setNotifications', { channelId, mutedUntil: new Date(Date.now() - 1000) })), 'chat.invalid');
    assert.equal(await errorCodeOf(ana.call('channels.setNotifications', { channelId, mutedUntil: new Date(Date.now() + 30 * 24 * HOUR) })), 'chat.invalid');
    await ana.call('channels.removeMember', { channelId, userId: bob.id });
    assert.equal(await errorCodeOf(bob.call('channels.setNotifications', { channelId, notify: 'nothing' })), 'chat.not-member');
    assert.equal(await Memberships.findOneAsync({ _id: membershipId(channelId, bob.id) }), undefined);
  });

  it('keeps desktop and sound switches per person, visible to that person only', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    await ana.subscribe('users.directory');
    await bob.call('users.setNotifyPrefs', { desktop: false, sounds: true });
    assert.deepEqual(((await Users.findOneAsync({ _id: bob.id })) as { notifyPrefs?: unknown } | undefined)?.notifyPrefs, { desktop: false, sounds: true });
    await eventually('bob reads his own switches', () => bob.users.findOne({ _id: bob.id })?.notifyPrefs?.sounds === true);
    await eventually('ana sees bob in the directory', () => ana.users.findOne({ _id: bob.id }) !== undefined);
    await settle();
    assert.equal(ana.users.findOne({ _id: bob.id })?.notifyPrefs, undefined, 'nobody else reads them');
    assert.equal(((await Users.findOneAsync({ _id: ana.id })) as { notifyPrefs?: unknown } | undefined)?.notifyPrefs, undefined, 'ana’s stay unset');
    assert.equal(await errorCodeOf(bob.call('users.setNotifyPrefs', { desktop: 'yes', sounds: true })), 'validation-error');
    assert.equal(await errorCodeOf(bob.call('users.setNotifyPrefs', { desktop: true })), 'validation-error');
  });
});
