import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Random } from 'meteor/random';
import { chatClientsPerTest, type ChatTestClient, errorCodeOf, eventually, settle } from '/tests/helpers/chat-test-client';
import { GENERAL_CHANNEL_ID } from '../../channels/collection';
import { migrateReactions } from '../../server/migrate-reactions';
import { Messages } from '../collection';
import { newMessageId } from '../message-id';

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
    const _id = newMessageId(ana.id);
    await ana.call('messages.send', { _id, channelId, text: 'hello **bob**' });
    await eventually('bob receives it', () => bob.messages.findOne({ _id })?.text === 'hello **bob**');
    assert.equal(bob.messages.findOne({ _id })?.userId, ana.id);
  });

  it('a re-sent call with the same id (after a reconnect) does not double the message', async () => {
    const ana = await signUp('ana');
    const channelId = await privateRoom(ana);
    const _id = newMessageId(ana.id);
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
    await ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: 'secret' });
    await eve.subscribe('messages.channel', { channelId });
    await eve.subscribe('channels.mine');
    await ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: 'secret 2' });
    await settle();
    assert.equal(eve.messages.find({}).count(), 0);
    assert.equal(await errorCodeOf(eve.call('messages.send', { _id: newMessageId(eve.id), channelId, text: 'let me in' })), 'chat.not-member');
    assert.deepEqual(await eve.call('messages.search', { query: 'secret' }), []);
  });

  /** A second connection of the same user (another tab), so its calls run beside the first's. */
  async function sameUserElsewhere(client: ChatTestClient): Promise<ChatTestClient> {
    const other = testClients.connect();
    const result = (await other.connection.applyAsync('login', [{ resume: client.token }])) as { id: string };
    other.connection.setUserId(result.id);
    other.userId = result.id;
    return other;
  }

  it('an id held by a message the caller cannot read gets the answer any id gets', async () => {
    const [ana, bob, eve] = [await signUp('ana'), await signUp('bob'), await signUp('eve')];
    const channelId = await privateRoom(ana, bob);
    const secret = newMessageId(ana.id);
    await ana.call('messages.send', { _id: secret, channelId, text: 'private plans' });
    // Whether the id is taken or not, readable or not, and wherever eve sends: one answer.
    const answers = new Set<unknown>();
    for (const target of [channelId, GENERAL_CHANNEL_ID]) {
      for (const _id of [secret, newMessageId(ana.id), newMessageId(bob.id), Random.id()]) {
        answers.add(await errorCodeOf(eve.call('messages.send', { _id, channelId: target, text: 'x' })));
      }
    }
    assert.deepEqual([...answers], ['chat.invalid']);
    // Other methods taking a message id: unreadable is answered as unknown.
    for (const [name, args] of [
      ['messages.react', { emoji: '👍' }],
      ['messages.edit', { text: 'mine now' }],
      ['messages.remove', {}],
    ] as const) {
      const unknown = await errorCodeOf(eve.call(name, { messageId: newMessageId(ana.id), ...args }));
      assert.equal(await errorCodeOf(eve.call(name, { messageId: secret, ...args })), unknown, name);
    }
  });

  it('one id sent twice at once makes one message and both calls answer as the first; another sender cannot take it', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const ana2 = await sameUserElsewhere(ana);
    const channelId = await privateRoom(ana, bob);
    await bob.subscribe('channels.mine');
    const _id = newMessageId(ana.id);
    const twice = await Promise.all([
      ana.call('messages.send', { _id, channelId, text: 'retried' }),
      ana2.call('messages.send', { _id, channelId, text: 'retried' }),
    ]);
    assert.deepEqual(twice, [_id, _id]);
    await ana.subscribe('messages.channel', { channelId });
    await eventually('the message is there', () => ana.messages.find({ channelId }).count() === 1);
    await eventually('bob counts it once', () => bob.memberships.findOne({ channelId })?.unread === 1);
    // The same id with other content, by the same user, is not a retry.
    assert.equal(await errorCodeOf(ana.call('messages.send', { _id, channelId, text: 'something else' })), 'chat.id-taken');
    // Another user racing for the same fresh id gets the answer any id outside their own gets.
    const contested = newMessageId(ana.id);
    const race = await Promise.allSettled([
      ana.call('messages.send', { _id: contested, channelId, text: 'a' }),
      bob.call('messages.send', { _id: contested, channelId, text: 'b' }),
    ]);
    assert.equal(race[0].status, 'fulfilled');
    assert.equal(race[1].status === 'rejected' ? (race[1].reason as { error?: unknown }).error : race[1].status, 'chat.invalid');
    await eventually('bob counts ana’s second message', () => bob.memberships.findOne({ channelId })?.unread === 2);
  });

  it('stores any emoji string as a value, never as a field path', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await privateRoom(ana, bob);
    await ana.subscribe('messages.channel', { channelId });
    const _id = newMessageId(ana.id);
    await ana.call('messages.send', { _id, channelId, text: 'react to me' });
    const tricky = ['a.b', 'x.0', '$', '$set', 'constructor', 'toString', '__proto__', 'reactions', '👨‍👩‍👧'];
    for (const emoji of tricky) await bob.call('messages.react', { messageId: _id, emoji });
    await eventually('every reaction shows as given', () => ana.messages.findOne({ _id })?.reactions.length === tricky.length);
    assert.deepEqual(
      ana.messages.findOne({ _id })?.reactions,
      tricky.map((emoji) => ({ emoji, userIds: [bob.id] })),
    );
    for (const emoji of tricky) await bob.call('messages.react', { messageId: _id, emoji });
    await eventually('all taken back', () => ana.messages.findOne({ _id })?.reactions.length === 0);
    for (const emoji of ['a\u0000b', '\u202Eevil', '\ud83d', 'x\ny', 'x'.repeat(17)]) {
      assert.equal(await errorCodeOf(bob.call('messages.react', { messageId: _id, emoji })), 'validation-error', JSON.stringify(emoji));
    }
  });

  it('two toggles of one reaction at once cancel out', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const bob2 = await sameUserElsewhere(bob);
    const channelId = await privateRoom(ana, bob);
    await ana.subscribe('messages.channel', { channelId });
    const _id = newMessageId(ana.id);
    await ana.call('messages.send', { _id, channelId, text: 'react twice' });
    for (let round = 0; round < 3; round++) {
      await Promise.all([bob.call('messages.react', { messageId: _id, emoji: '🎉' }), bob2.call('messages.react', { messageId: _id, emoji: '🎉' })]);
    }
    // Reacting again afterwards still toggles on, from a clean state.
    await ana.call('messages.react', { messageId: _id, emoji: '🎉' });
    await eventually(
      'only ana reacted',
      () => JSON.stringify(ana.messages.findOne({ _id })?.reactions) === JSON.stringify([{ emoji: '🎉', userIds: [ana.id] }]),
    );
    await settle();
    assert.deepEqual(ana.messages.findOne({ _id })?.reactions, [{ emoji: '🎉', userIds: [ana.id] }]);
  });

  it('a reply removed twice at once is counted off its thread once', async () => {
    const ana = await signUp('ana');
    const ana2 = await sameUserElsewhere(ana);
    const channelId = await privateRoom(ana);
    await ana.subscribe('messages.channel', { channelId });
    const parent = newMessageId(ana.id);
    await ana.call('messages.send', { _id: parent, channelId, text: 'thread' });
    const replies = [newMessageId(ana.id), newMessageId(ana.id)];
    for (const _id of replies) await ana.call('messages.send', { _id, channelId, text: 'reply', threadId: parent });
    await Promise.allSettled([ana.call('messages.remove', { messageId: replies[0] }), ana2.call('messages.remove', { messageId: replies[0] })]);
    await eventually('one reply left', () => ana.messages.findOne({ _id: parent })?.replyCount === 1);
    await settle();
    assert.equal(ana.messages.findOne({ _id: parent })?.replyCount, 1);
  });

  it('rewrites reactions stored in the older emoji-keyed shape at start-up', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await privateRoom(ana, bob);
    const _id = newMessageId(ana.id);
    await ana.call('messages.send', { _id, channelId, text: 'old data' });
    await Messages.updateAsync({ _id }, { $set: { reactions: { '👍': [bob.id], '🎉': [] } as never } });
    assert.ok((await migrateReactions()) >= 1);
    assert.deepEqual((await Messages.findOneAsync({ _id }))?.reactions, [{ emoji: '👍', userIds: [bob.id] }]);
    await ana.call('messages.react', { messageId: _id, emoji: '👍' });
    assert.deepEqual((await Messages.findOneAsync({ _id }))?.reactions, [{ emoji: '👍', userIds: [bob.id, ana.id] }]);
  });

  it('refuses bad input and anonymous senders', async () => {
    const ana = await signUp('ana');
    assert.equal(await errorCodeOf(ana.call('messages.send', { _id: newMessageId(ana.id), channelId: GENERAL_CHANNEL_ID, text: '   ' })), 'chat.invalid');
    assert.equal(await errorCodeOf(ana.call('messages.send', { _id: '<script>', channelId: GENERAL_CHANNEL_ID, text: 'x' })), 'validation-error');
    assert.equal(
      await errorCodeOf(ana.call('messages.send', { _id: newMessageId(ana.id), channelId: GENERAL_CHANNEL_ID, text: 'x'.repeat(9000) })),
      'validation-error',
    );
    const anonymous = testClients.connect();
    assert.equal(await errorCodeOf(anonymous.call('messages.send', { _id: Random.id(), channelId: GENERAL_CHANNEL_ID, text: 'hi' })), 'chat.not-logged-in');
  });

  it('edits and deletes own messages only; edits are marked', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await privateRoom(ana, bob);
    await bob.subscribe('messages.channel', { channelId });
    const _id = newMessageId(ana.id);
    await ana.call('messages.send', { _id, channelId, text: 'draft' });
    assert.equal(await errorCodeOf(bob.call('messages.edit', { messageId: _id, text: 'bob was here' })), 'chat.forbidden');
    await ana.call('messages.edit', { messageId: _id, text: 'final' });
    await eventually('bob sees the edit', () => bob.messages.findOne({ _id })?.text === 'final');
    assert.ok(bob.messages.findOne({ _id })?.editedAt instanceof Date);
    const bobs = newMessageId(bob.id);
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
    await ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: 'plain' });
    await ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: `hey @${bob.username}` });
    await eventually('bob has 2 unread, 1 mention', () => {
      const m = bob.memberships.findOne({ channelId });
      return m?.unread === 2 && m.mentions === 1;
    });
    await bob.call('channels.markRead', { channelId });
    await eventually('cleared', () => bob.memberships.findOne({ channelId })?.unread === 0);
    assert.equal(bob.memberships.findOne({ channelId })?.mentions, 0);
  });

  it('counts a mention as unread too, beside members it does not mention, and a direct message as both', async () => {
    const [ana, bob, cy] = [await signUp('ana'), await signUp('bob'), await signUp('cy')];
    const channelId = await privateRoom(ana, bob, cy);
    const directId = await ana.call<string>('channels.openDirect', { userIds: [bob.id] });
    await Promise.all([bob.subscribe('channels.mine'), cy.subscribe('channels.mine')]);
    await ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: `hey @${bob.username}` });
    await ana.call('messages.send', { _id: newMessageId(ana.id), channelId: directId, text: 'psst' });
    await eventually('bob: 1 unread, 1 mention in each', () =>
      [channelId, directId].every((id) => {
        const m = bob.memberships.findOne({ channelId: id });
        return m?.unread === 1 && m.mentions === 1;
      }),
    );
    await eventually('cy: 1 unread, no mention', () => cy.memberships.findOne({ channelId })?.unread === 1);
    assert.equal(cy.memberships.findOne({ channelId })?.mentions, 0);
  });

  it('when a send is answered, the sender’s own view already holds the channel’s new lastMessageAt', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await privateRoom(ana, bob);
    await ana.subscribe('channels.mine');
    for (let i = 0; i < 3; i++) {
      const before = Date.now();
      await ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: `n${i}` });
      // No waiting: Meteor's `updated` (which the call awaits) means the caller's observers saw every write.
      assert.ok((ana.channels.findOne({ _id: channelId })?.lastMessageAt?.getTime() ?? 0) >= before - 1);
    }
  });

  it('a send reads nothing before its insert once this server watches the channel (a retry check only after a refusal)', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await privateRoom(ana, bob);
    const queries = async (): Promise<number> => {
      const status = await Messages.rawDatabase().admin().command({ serverStatus: 1 });
      return Number((status['opcounters'] as { query: number }).query);
    };
    await settle();
    const reads: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = await queries();
      await ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: `plain ${i}` });
      reads.push((await queries()) - before);
    }
    // The least of three, so a query by something else running meanwhile does not count. The
    // first send starts the server's live copy of the channel (its one read); the next ones read
    // nothing: membership comes from the copy, and is confirmed by the channel's update after.
    assert.equal(Math.min(...reads), 0);
  });

  it('a re-sent call answers as the first did after the channel was archived since', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await privateRoom(ana, bob);
    const _id = newMessageId(ana.id);
    await ana.call('messages.send', { _id, channelId, text: 'before the archive' });
    await ana.call('channels.archive', { channelId, archived: true });
    assert.equal(await ana.call('messages.send', { _id, channelId, text: 'before the archive' }), _id);
    assert.equal(await errorCodeOf(ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: 'after' })), 'chat.archived');
  });

  it('toggles reactions and counts thread replies', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await privateRoom(ana, bob);
    await ana.subscribe('messages.channel', { channelId });
    const _id = newMessageId(ana.id);
    await ana.call('messages.send', { _id, channelId, text: 'react to me' });
    await bob.call('messages.react', { messageId: _id, emoji: '👍' });
    await eventually('reaction shows', () => ana.messages.findOne({ _id })?.reactions.some((r) => r.emoji === '👍' && r.userIds.includes(bob.id)) === true);
    await bob.call('messages.react', { messageId: _id, emoji: '👍' });
    await eventually('reaction removed', () => ana.messages.findOne({ _id })?.reactions.length === 0);
    assert.equal(await errorCodeOf(bob.call('messages.react', { messageId: _id, emoji: '<b>' })), 'validation-error');
    await bob.call('messages.send', { _id: newMessageId(bob.id), channelId, text: 'a reply', threadId: _id });
    await eventually('reply count', () => ana.messages.findOne({ _id })?.replyCount === 1);
    assert.equal(ana.messages.find({ threadId: _id }).count(), 0, 'replies stay out of the channel list');
    await ana.subscribe('messages.thread', { channelId, threadId: _id });
    await eventually('thread reply arrives', () => ana.messages.find({ threadId: _id }).count() === 1);
  });

  it('pages history: a bigger limit brings older messages', async () => {
    const ana = await signUp('ana');
    const channelId = await privateRoom(ana);
    for (let i = 0; i < 8; i++) await ana.call('messages.send', { _id: `${ana.id}:p${i}`, channelId, text: `m${i}` });
    const first = await ana.subscribe('messages.channel', { channelId, limit: 5 });
    await eventually('latest 5', () => ana.messages.find({ channelId }).count() === 5);
    assert.equal(ana.messages.findOne({ _id: `${ana.id}:p0` }), undefined);
    await ana.subscribe('messages.channel', { channelId, limit: 10 });
    first.stop();
    await eventually('all 8', () => ana.messages.find({ channelId }).count() === 8);
  });

  it('refuses malformed subscriptions with a validation error', async () => {
    const ana = await signUp('ana');
    await assert.rejects(ana.subscribe('messages.channel', { channelId: 5 }), (e: { error?: unknown }) => e.error === 'validation-error');
    await assert.rejects(
      ana.subscribe('messages.channel', { channelId: 'general', limit: 10_000_000 }),
      (e: { error?: unknown }) => e.error === 'validation-error',
    );
    await assert.rejects(ana.subscribe('messages.thread', 'general'), (e: { error?: unknown }) => e.error === 'validation-error');
    await assert.rejects(ana.subscribe('typing', { channelId: '<b>' }), (e: { error?: unknown }) => e.error === 'validation-error');
  });

  it('searches only readable channels', async () => {
    const ana = await signUp('ana');
    const channelId = await privateRoom(ana);
    const word = `zebra${Random.id(4).toLowerCase()}`;
    await ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: `the ${word} crossed` });
    const hits = await ana.call<{ text: string }[]>('messages.search', { query: word });
    assert.equal(hits.length, 1);
    assert.equal(await errorCodeOf(ana.call('messages.search', { query: 'x' })), 'validation-error');
  });
});
