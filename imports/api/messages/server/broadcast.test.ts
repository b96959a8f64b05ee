import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Random } from 'meteor/random';
import { chatClientsPerTest, type ChatTestClient, errorCodeOf, eventually } from '/tests/helpers/chat-test-client';
import { Channels, Memberships } from '../../channels/collection';
import { Users } from '../../users/users-collection';
import { DEFAULT_BROADCAST_MEMBER_THRESHOLD } from '../broadcast-mentions';
import { Messages } from '../collection';
import { newMessageId } from '../message-id';

describe('@here, @channel and @all (server, over DDP)', function () {
  this.timeout(20000);
  const testClients = chatClientsPerTest();
  const signUp = testClients.signUp;

  async function roomWith(owner: ChatTestClient, ...members: ChatTestClient[]): Promise<string> {
    const channelId = await owner.call<string>('channels.create', { name: `bc-${Random.id(6).toLowerCase()}`, kind: 'public' });
    if (members.length > 0) await owner.call('channels.invite', { channelId, userIds: members.map((m) => m.id) });
    return channelId;
  }

  /** Grows a channel past the broadcast threshold with members who never connect. */
  async function growPastThreshold(channelId: string): Promise<void> {
    const absent = Array.from({ length: DEFAULT_BROADCAST_MEMBER_THRESHOLD }, () => Random.id());
    await Channels.updateAsync({ _id: channelId }, { $push: { memberIds: { $each: absent } } });
  }

  async function mentionsOf(client: ChatTestClient, channelId: string): Promise<number> {
    return (await Memberships.findOneAsync({ channelId, userId: client.id }))?.mentions ?? 0;
  }

  function send(from: ChatTestClient, channelId: string, text: string, extra: Record<string, unknown> = {}): Promise<string> {
    return from.call<string>('messages.send', { _id: newMessageId(from.id), channelId, text, ...extra });
  }

  it('@here mentions only the members online now; @channel and @all every member', async () => {
    const [ana, bob, carl] = [await signUp('ana'), await signUp('bob'), await signUp('carl')];
    const channelId = await roomWith(ana, bob, carl);
    await bob.subscribe('presence');
    await eventually('bob is online', () => bob.presence.findOne({ _id: bob.id })?.state === 'online');
    const here = await send(ana, channelId, '@here standup in 5');
    assert.deepEqual((await Messages.findOneAsync({ _id: here }))?.mentionIds, [bob.id]);
    assert.equal(await mentionsOf(bob, channelId), 1);
    assert.equal(await mentionsOf(carl, channelId), 0, 'carl is offline: @here does not reach him');
    // @here with a name: the online members and the one named.
    const named = await send(ana, channelId, `@here and @${carl.username}`);
    assert.deepEqual(new Set((await Messages.findOneAsync({ _id: named }))?.mentionIds), new Set([bob.id, carl.id]));
    await send(ana, channelId, '@channel release is out');
    await send(ana, channelId, '@all thanks');
    assert.equal(await mentionsOf(bob, channelId), 4);
    assert.equal(await mentionsOf(carl, channelId), 3);
  });

  it('in a channel above the threshold a member is refused, an owner or admin must confirm', async () => {
    const [ana, bob, root] = [await signUp('ana'), await signUp('bob'), await signUp('root')];
    // An admin only for this test: other tests count the workspace's admins.
    await Users.updateAsync({ _id: root.id }, { $set: { roles: ['admin'] } });
    try {
      const channelId = await roomWith(ana, bob, root);
      // At the threshold anyone may, without confirming.
      await send(bob, channelId, '@channel small room');
      assert.equal(await mentionsOf(ana, channelId), 1);
      await growPastThreshold(channelId);
      for (const text of ['@here anyone?', '@channel look', '@all look']) {
        assert.equal(await errorCodeOf(send(bob, channelId, text)), 'chat.broadcast-forbidden', text);
        assert.equal(await errorCodeOf(send(bob, channelId, text, { confirmBroadcast: true })), 'chat.broadcast-forbidden', `${text}, confirmed`);
      }
      assert.equal(await Messages.countDocuments({ channelId, userId: bob.id }), 1, 'none of bob’s broadcasts was stored');
      // A plain message and a named mention still go through.
      const plain = await send(bob, channelId, `@${ana.username} hi`);
      assert.equal(await errorCodeOf(bob.call('messages.edit', { messageId: plain, text: '@all hi' })), 'chat.broadcast-forbidden');
      assert.equal(await mentionsOf(ana, channelId), 2);
      // The owner and an admin are asked to confirm, then may.
      assert.equal(await errorCodeOf(send(ana, channelId, '@channel all hands')), 'chat.broadcast-unconfirmed');
      assert.equal(await errorCodeOf(send(root, channelId, '@all all hands')), 'chat.broadcast-unconfirmed');
      assert.equal(await mentionsOf(bob, channelId), 0);
      await send(ana, channelId, '@channel all hands', { confirmBroadcast: true });
      await send(root, channelId, '@all all hands', { confirmBroadcast: true });
      assert.equal(await mentionsOf(bob, channelId), 2);
      assert.equal(await errorCodeOf(send(ana, channelId, '@channel x', { confirmBroadcast: 'yes' })), 'validation-error');
    } finally {
      await Users.updateAsync({ _id: root.id }, { $set: { roles: [] } });
    }
  });
});
