import assert from 'node:assert/strict';
import { chatClientsPerTest, errorCodeOf, eventually, settle } from '/tests/helpers/chat-test-client';
import { GENERAL_CHANNEL_ID } from './collection';

describe('channels (server, over DDP)', function () {
  this.timeout(20000);
  const testClients = chatClientsPerTest();
  const signUp = testClients.signUp;

  it('puts every new user in #general, with a read marker', async () => {
    const ana = await signUp('ana');
    await ana.subscribe('channels.mine');
    await eventually('#general arrives', () => ana.channels.findOne({ _id: GENERAL_CHANNEL_ID }) !== undefined);
    assert.equal(ana.channels.findOne({ _id: GENERAL_CHANNEL_ID })?.joined, true);
    await eventually('own membership arrives', () => ana.memberships.findOne({ channelId: GENERAL_CHANNEL_ID }) !== undefined);
  });

  it('creates a private channel only its members see, and refuses outsiders', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    await bob.subscribe('channels.mine');
    const channelId = await ana.call<string>('channels.create', { name: `secret-${ana.username.slice(-5)}`, kind: 'private' });
    await ana.subscribe('channels.mine');
    await eventually('creator sees it', () => ana.channels.findOne({ _id: channelId }) !== undefined);
    assert.deepEqual(ana.channels.findOne({ _id: channelId })?.ownerIds, [ana.id]);
    await settle();
    assert.equal(bob.channels.findOne({ _id: channelId }), undefined);
    assert.equal(await errorCodeOf(bob.call('channels.join', { channelId })), 'chat.not-found');
    assert.equal(await errorCodeOf(bob.call('channels.rename', { channelId, name: 'mine-now' })), 'chat.not-member');
    await ana.call('channels.invite', { channelId, userIds: [bob.id] });
    await eventually('invitee sees it live', () => bob.channels.findOne({ _id: channelId }) !== undefined);
  });

  it('validates input with clear errors', async () => {
    const ana = await signUp('ana');
    assert.equal(await errorCodeOf(ana.call('channels.create', { name: 'Has Spaces', kind: 'public' })), 'validation-error');
    assert.equal(await errorCodeOf(ana.call('channels.create', { name: 'ok-name', kind: 'secret' })), 'validation-error');
    assert.equal(await errorCodeOf(ana.call('channels.create', 'not-an-object')), 'validation-error');
    const anonymous = testClients.connect();
    assert.equal(await errorCodeOf(anonymous.call('channels.create', { name: 'anon', kind: 'public' })), 'chat.not-logged-in');
  });

  it('refuses a duplicate channel name', async () => {
    const ana = await signUp('ana');
    const name = `dup-${ana.username.slice(-5)}`;
    await ana.call('channels.create', { name, kind: 'public' });
    assert.equal(await errorCodeOf(ana.call('channels.create', { name, kind: 'private' })), 'chat.name-taken');
  });

  it('lets only owners and admins rename and archive; archived channels are read-only', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await ana.call<string>('channels.create', { name: `team-${ana.username.slice(-5)}`, kind: 'public' });
    await bob.call('channels.join', { channelId });
    assert.equal(await errorCodeOf(bob.call('channels.rename', { channelId, name: 'hijack' })), 'chat.forbidden');
    assert.equal(await errorCodeOf(bob.call('channels.archive', { channelId, archived: true })), 'chat.forbidden');
    await ana.call('channels.setTopic', { channelId, topic: 'Plans' });
    await ana.call('channels.archive', { channelId, archived: true });
    assert.equal(await errorCodeOf(bob.call('messages.send', { _id: 'm-archived-1', channelId, text: 'hello?' })), 'chat.archived');
  });

  it('opens one direct conversation per set of people, visible to both', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    await bob.subscribe('channels.mine');
    const first = await ana.call<string>('channels.openDirect', { userIds: [bob.id] });
    const again = await bob.call<string>('channels.openDirect', { userIds: [ana.id] });
    assert.equal(first, again);
    await eventually('bob sees the DM', () => bob.channels.findOne({ _id: first })?.kind === 'direct');
    assert.equal(await errorCodeOf(ana.call('channels.leave', { channelId: first })), 'chat.forbidden');
  });

  it('a removed member loses the channel and its messages live', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await ana.call<string>('channels.create', { name: `rm-${ana.username.slice(-5)}`, kind: 'private' });
    await ana.call('channels.invite', { channelId, userIds: [bob.id] });
    await ana.call('messages.send', { _id: `m-${ana.username}`, channelId, text: 'before removal' });
    await bob.subscribe('channels.mine');
    await bob.subscribe('messages.channel', { channelId });
    await eventually('bob has the message', () => bob.messages.find({ channelId }).count() === 1);
    await ana.call('channels.removeMember', { channelId, userId: bob.id });
    await eventually('bob loses the messages', () => bob.messages.find({ channelId }).count() === 0);
    await eventually('bob loses the channel', () => bob.channels.findOne({ _id: channelId }) === undefined);
    await ana.call('messages.send', { _id: `m2-${ana.username}`, channelId, text: 'after removal' });
    await settle();
    assert.equal(bob.messages.find({ channelId }).count(), 0);
  });

  it('the directory lists public channels only, filtered by name', async () => {
    const ana = await signUp('ana');
    const tag = ana.username.slice(-5);
    await ana.call('channels.create', { name: `pub-${tag}`, kind: 'public' });
    await ana.call('channels.create', { name: `priv-${tag}`, kind: 'private' });
    const bob = await signUp('bob');
    await bob.subscribe('channels.directory', { search: tag });
    await eventually('public one listed', () => bob.channels.findOne({ name: `pub-${tag}` }) !== undefined);
    assert.equal(bob.channels.findOne({ name: `priv-${tag}` }), undefined);
    await assert.rejects(bob.subscribe('channels.directory', { search: 5 as unknown as string, extra: true }));
  });
});
