import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Random } from 'meteor/random';
import { chatClientsPerTest, type ChatTestClient, errorCodeOf, eventually, settle } from '/tests/helpers/chat-test-client';
import { newMessageId } from '../message-id';

describe('opening one message: messages.locate and messages.around (server, over DDP)', function () {
  this.timeout(30000);
  const testClients = chatClientsPerTest();
  const signUp = testClients.signUp;

  /** A private room of `ana` (and `members`) with `count` top-level messages `<tag>-0`…, sent in order. */
  async function roomWithHistory(ana: ChatTestClient, count: number, ...members: ChatTestClient[]): Promise<{ channelId: string; ids: string[] }> {
    const channelId = await ana.call<string>('channels.create', { name: `around-${Random.id(6).toLowerCase()}`, kind: 'private' });
    if (members.length > 0) await ana.call('channels.invite', { channelId, userIds: members.map((m) => m.id) });
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const _id = newMessageId(ana.id);
      await ana.call('messages.send', { _id, channelId, text: `history ${i}` });
      ids.push(_id);
    }
    return { channelId, ids };
  }

  const idsIn = (client: ChatTestClient, channelId: string): string[] =>
    client.messages
      .find({ channelId, threadId: null }, { sort: { createdAt: 1 } })
      .fetch()
      .map((m) => m._id);

  it('publishes `before` older and `after` newer top-level messages around the message, none of the rest', async () => {
    const ana = await signUp('ana');
    const { channelId, ids } = await roomWithHistory(ana, 12);
    await ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: 'a reply stays in its thread', threadId: ids[5] });
    await ana.subscribe('messages.around', { messageId: ids[5], before: 3, after: 2 });
    await eventually('the window arrives', () => idsIn(ana, channelId).length === 6);
    await settle();
    assert.deepEqual(idsIn(ana, channelId), ids.slice(2, 8));
    assert.equal(ana.messages.find({ channelId, threadId: { $ne: null } }).count(), 0, 'replies stay out of the channel window');
  });

  it('anchors a reply at its thread’s parent, and locate names the thread', async () => {
    const ana = await signUp('ana');
    const { channelId, ids } = await roomWithHistory(ana, 6);
    const reply = newMessageId(ana.id);
    await ana.call('messages.send', { _id: reply, channelId, text: 'deep in a thread', threadId: ids[2] });
    assert.deepEqual(await ana.call('messages.locate', { messageId: reply }), { messageId: reply, channelId, threadId: ids[2] });
    assert.deepEqual(await ana.call('messages.locate', { messageId: ids[4] }), { messageId: ids[4], channelId, threadId: null });
    await ana.subscribe('messages.around', { messageId: reply, before: 1, after: 1 });
    await eventually('the window around the parent arrives', () => idsIn(ana, channelId).length === 3);
    assert.deepEqual(idsIn(ana, channelId), ids.slice(1, 4));
  });

  it('keeps a window at the live end live: a new message arrives while the window has room', async () => {
    const ana = await signUp('ana');
    const { channelId, ids } = await roomWithHistory(ana, 3);
    await ana.subscribe('messages.around', { messageId: ids[1], before: 5, after: 5 });
    await eventually('the window arrives', () => idsIn(ana, channelId).length === 3);
    const fresh = newMessageId(ana.id);
    await ana.call('messages.send', { _id: fresh, channelId, text: 'just now' });
    await eventually('the new message arrives', () => idsIn(ana, channelId).includes(fresh));
  });

  it('refuses a non-member, an unknown, a malformed id and an anonymous caller, publishing nothing', async () => {
    const [ana, eve] = [await signUp('ana'), await signUp('eve')];
    const { channelId, ids } = await roomWithHistory(ana, 3);
    const secret = ids[1] ?? '';
    const notFound = (e: { error?: unknown }): boolean => e.error === 'chat.not-found';
    await assert.rejects(eve.subscribe('messages.around', { messageId: secret }), notFound);
    assert.equal(await errorCodeOf(eve.call('messages.locate', { messageId: secret })), 'chat.not-found');
    // An unknown id is refused the same way: the two cannot be told apart.
    await assert.rejects(eve.subscribe('messages.around', { messageId: Random.id() }), notFound);
    assert.equal(await errorCodeOf(eve.call('messages.locate', { messageId: Random.id() })), 'chat.not-found');
    const invalid = (e: { error?: unknown }): boolean => e.error === 'validation-error';
    await assert.rejects(eve.subscribe('messages.around', { messageId: '<b>' }), invalid);
    await assert.rejects(eve.subscribe('messages.around', { messageId: secret, before: 0 }), invalid);
    await assert.rejects(eve.subscribe('messages.around', secret), invalid);
    assert.equal(await errorCodeOf(eve.call('messages.locate', { messageId: '<b>' })), 'validation-error');
    const anonymous = testClients.connect();
    await assert.rejects(anonymous.subscribe('messages.around', { messageId: secret }), (e: { error?: unknown }) => e.error === 'chat.not-logged-in');
    await settle();
    assert.equal(eve.messages.find({}).count(), 0);
    assert.equal(anonymous.messages.find({}).count(), 0);
    assert.ok(channelId.length > 0);
  });

  it('withdraws the window live when the reader is removed from the channel', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const { channelId, ids } = await roomWithHistory(ana, 4, bob);
    await bob.subscribe('messages.around', { messageId: ids[1], before: 2, after: 2 });
    await eventually('bob has the window', () => idsIn(bob, channelId).length === 4);
    await ana.call('channels.removeMember', { channelId, userId: bob.id });
    await eventually('bob loses it', () => idsIn(bob, channelId).length === 0);
  });
});
