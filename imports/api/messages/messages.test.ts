import assert from 'node:assert/strict';
import { Random } from 'meteor/random';
import { chatClientsPerTest, ChatTestClient, errorCodeOf, eventually, settle } from '/tests/helpers/chat-test-client';
import { GENERAL_CHANNEL_ID } from '../channels/collection';

describe('messages (server, over DDP)', function () {
  this.timeout(20000);
  const testClients = chatClientsPerTest();
  const signUp = testClients.signUp;

  async function privateRoom(owner: ChatTestClient, ...members: ChatTestClient[]): Promise<string> {
    const channelId = await owner.call<string>('channels.create', { name: `room-${Random.id(6).toLowerCase()}`, kind: 'private' });
    if (members.length > 0) await owner.call('channels.invite', { channelId, userIds: members.map((m) => m.id) });
    return channelId;
  }

  it('delivers a sent message live to other members, with the client-chosen id', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await privateRoom(ana, bob);
    await bob.subscribe('messages.channel', { channelId });
    const _id = Random.id();
    await ana.call('messages.send', { _id, channelId, text: 'hello **bob**' });
    await eventually('bob receives it', () => bob.messages.findOne({ _id })?.text === 'hello **bob**');
    assert.equal(bob.messages.findOne({ _id })?.userId, ana.id);
  });

  it('a re-sent call with the same id (after a reconnect) does not double the message', async () => {
    const ana = await signUp('ana');
    const channelId = await privateRoom(ana);
    const _id = Random.id();
    await ana.call('messages.send', { _id, channelId, text: 'once' });
    await ana.call('messages.send', { _id, channelId, text: 'once' });
    await ana.subscribe('messages.channel', { channelId });
    await eventually('the message is there', () => ana.messages.find({ channelId }).count() === 1);
    await settle();
    assert.equal(ana.messages.find({ channelId }).count(), 1);
  });

  it('never sends a private channel’s messages to a non-member', async () => {
    const [ana, eve] = [await signUp('ana'), await signUp('eve')];
    const channelId = await privateRoom(ana);
    await ana.call('messages.send', { _id: Random.id(), channelId, text: 'secret' });
    await eve.subscribe('messages.channel', { channelId });
    await eve.subscribe('channels.mine');
    await ana.call('messages.send', { _id: Random.id(), channelId, text: 'secret 2' });
    await settle();
    assert.equal(eve.messages.find({}).count(), 0);
    assert.equal(await errorCodeOf(eve.call('messages.send', { _id: Random.id(), channelId, text: 'let me in' })), 'chat.not-member');
    assert.deepEqual(await eve.call('messages.search', { query: 'secret' }), []);
  });

  it('refuses bad input and anonymous senders', async () => {
    const ana = await signUp('ana');
    assert.equal(await errorCodeOf(ana.call('messages.send', { _id: Random.id(), channelId: GENERAL_CHANNEL_ID, text: '   ' })), 'chat.invalid');
    assert.equal(await errorCodeOf(ana.call('messages.send', { _id: '<script>', channelId: GENERAL_CHANNEL_ID, text: 'x' })), 'validation-error');
    assert.equal(await errorCodeOf(ana.call('messages.send', { _id: Random.id(), channelId: GENERAL_CHANNEL_ID, text: 'x'.repeat(9000) })), 'validation-error');
    const anonymous = testClients.connect();
    assert.equal(await errorCodeOf(anonymous.call('messages.send', { _id: Random.id(), channelId: GENERAL_CHANNEL_ID, text: 'hi' })), 'chat.not-logged-in');
  });

  it('edits and deletes own messages only; edits are marked', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await privateRoom(ana, bob);
    await bob.subscribe('messages.channel', { channelId });
    const _id = Random.id();
    await ana.call('messages.send', { _id, channelId, text: 'draft' });
    assert.equal(await errorCodeOf(bob.call('messages.edit', { messageId: _id, text: 'bob was here' })), 'chat.forbidden');
    await ana.call('messages.edit', { messageId: _id, text: 'final' });
    await eventually('bob sees the edit', () => bob.messages.findOne({ _id })?.text === 'final');
    assert.ok(bob.messages.findOne({ _id })?.editedAt instanceof Date);
    const bobs = Random.id();
    await bob.call('messages.send', { _id: bobs, channelId, text: 'mine' });
    assert.equal(await errorCodeOf(bob.call('messages.remove', { messageId: _id })), 'chat.forbidden');
    // The channel owner may delete anyone's message.
    await ana.call('messages.remove', { messageId: bobs });
    await ana.call('messages.remove', { messageId: _id });
    await eventually('both gone for bob', () => bob.messages.find({ channelId }).count() === 0);
  });

  it('counts unread messages and mentions per reader, and clears them on read', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await privateRoom(ana, bob);
    await bob.subscribe('channels.mine');
    await ana.call('messages.send', { _id: Random.id(), channelId, text: 'plain' });
    await ana.call('messages.send', { _id: Random.id(), channelId, text: `hey @${bob.username}` });
    await eventually('bob has 2 unread, 1 mention', () => {
      const m = bob.memberships.findOne({ channelId });
      return m?.unread === 2 && m.mentions === 1;
    });
    await bob.call('channels.markRead', { channelId });
    await eventually('cleared', () => bob.memberships.findOne({ channelId })?.unread === 0);
    assert.equal(bob.memberships.findOne({ channelId })?.mentions, 0);
  });

  it('toggles reactions and counts thread replies', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await privateRoom(ana, bob);
    await ana.subscribe('messages.channel', { channelId });
    const _id = Random.id();
    await ana.call('messages.send', { _id, channelId, text: 'react to me' });
    await bob.call('messages.react', { messageId: _id, emoji: '👍' });
    await eventually('reaction shows', () => ana.messages.findOne({ _id })?.reactions['👍']?.includes(bob.id) === true);
    await bob.call('messages.react', { messageId: _id, emoji: '👍' });
    await eventually('reaction removed', () => ana.messages.findOne({ _id })?.reactions['👍'] === undefined);
    assert.equal(await errorCodeOf(bob.call('messages.react', { messageId: _id, emoji: '<b>' })), 'validation-error');
    await bob.call('messages.send', { _id: Random.id(), channelId, text: 'a reply', threadId: _id });
    await eventually('reply count', () => ana.messages.findOne({ _id })?.replyCount === 1);
    assert.equal(ana.messages.find({ threadId: _id }).count(), 0, 'replies stay out of the channel list');
    await ana.subscribe('messages.thread', { channelId, threadId: _id });
    await eventually('thread reply arrives', () => ana.messages.find({ threadId: _id }).count() === 1);
  });

  it('keeps every emoji a key of reactions: paths and operators refused, Object member names answered without a 500', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await privateRoom(ana, bob);
    await ana.subscribe('messages.channel', { channelId });
    const _id = Random.id();
    await ana.call('messages.send', { _id, channelId, text: 'react to me' });
    for (const emoji of ['a.b', 'x.0', '$', '$set', '__proto__']) {
      assert.equal(await errorCodeOf(bob.call('messages.react', { messageId: _id, emoji })), 'validation-error', emoji);
    }
    // Named like Object members: answered like any emoji, never a 500 from reading the prototype.
    for (const emoji of ['constructor', 'toString', 'hasOwnProperty']) await bob.call('messages.react', { messageId: _id, emoji });
    await bob.call('messages.react', { messageId: _id, emoji: '👍' });
    await eventually('the plain reaction shows', () => ana.messages.findOne({ _id })?.reactions['👍']?.includes(bob.id) === true);
    for (const key of Object.keys(ana.messages.findOne({ _id })?.reactions ?? {})) assert.ok(!key.includes('.') && !key.startsWith('$'), key);
  });

  it('pages history: a bigger limit brings older messages', async () => {
    const ana = await signUp('ana');
    const channelId = await privateRoom(ana);
    for (let i = 0; i < 8; i++) await ana.call('messages.send', { _id: `p${i}-${ana.username}`, channelId, text: `m${i}` });
    const first = await ana.subscribe('messages.channel', { channelId, limit: 5 });
    await eventually('latest 5', () => ana.messages.find({ channelId }).count() === 5);
    assert.equal(ana.messages.findOne({ _id: `p0-${ana.username}` }), undefined);
    await ana.subscribe('messages.channel', { channelId, limit: 10 });
    first.stop();
    await eventually('all 8', () => ana.messages.find({ channelId }).count() === 8);
  });

  it('refuses malformed subscriptions with a validation error', async () => {
    const ana = await signUp('ana');
    await assert.rejects(ana.subscribe('messages.channel', { channelId: 5 }), (e: { error?: unknown }) => e.error === 'validation-error');
    await assert.rejects(ana.subscribe('messages.channel', { channelId: 'general', limit: 10_000_000 }), (e: { error?: unknown }) => e.error === 'validation-error');
    await assert.rejects(ana.subscribe('messages.thread', 'general'), (e: { error?: unknown }) => e.error === 'validation-error');
    await assert.rejects(ana.subscribe('typing', { channelId: '<b>' }), (e: { error?: unknown }) => e.error === 'validation-error');
  });

  it('searches only readable channels', async () => {
    const ana = await signUp('ana');
    const channelId = await privateRoom(ana);
    const word = `zebra${Random.id(4).toLowerCase()}`;
    await ana.call('messages.send', { _id: Random.id(), channelId, text: `the ${word} crossed` });
    const hits = await ana.call<{ text: string }[]>('messages.search', { query: word });
    assert.equal(hits.length, 1);
    assert.equal(await errorCodeOf(ana.call('messages.search', { query: 'x' })), 'validation-error');
  });
});
