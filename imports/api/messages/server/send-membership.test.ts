import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Random } from 'meteor/random';
import { chatClientsPerTest, type ChatTestClient, errorCodeOf, eventually, settle } from '/tests/helpers/chat-test-client';
import { setChannelLookup } from '../../channels/channel-lookup';
import { Channels } from '../../channels/collection';
import { LiveChannelCache } from '../../channels/server/live-channel-cache';
import { Messages } from '../collection';
import { newMessageId } from '../message-id';

/**
 * messages.send checks membership against this server's live copy of the channel. Here the copy's
 * changes are held back, as a change made on another server is until its change event arrives:
 * the copy may then lag the database, and a send must still answer as a read would have.
 */
describe('messages.send and a channel copy that lags the database (server, over DDP)', function () {
  this.timeout(20000);
  const testClients = chatClientsPerTest();
  const signUp = testClients.signUp;
  let holding = false;
  const held: (() => void)[] = [];
  let lagging: LiveChannelCache;
  let previous: ReturnType<typeof setChannelLookup>;

  beforeEach(() => {
    holding = false;
    held.length = 0;
    lagging = new LiveChannelCache({
      watch: (channelId, callbacks) =>
        Channels.find({ _id: channelId }).observeChangesAsync({
          added: callbacks.added,
          changed: (id, fields) => {
            const apply = () => callbacks.changed(String(id), fields);
            if (holding) held.push(apply);
            else apply();
          },
          removed: callbacks.removed,
        }),
    });
    previous = setChannelLookup(lagging);
  });
  afterEach(() => {
    setChannelLookup(previous);
    lagging.stop();
    lagging.stop();
  });

  async function privateRoom(owner: ChatTestClient, ...members: ChatTestClient[]): Promise<string> {
    const channelId = await owner.call<string>('channels.create', { name: `room-${Random.id(6).toLowerCase()}`, kind: 'private' });
    if (members.length > 0) await owner.call('channels.invite', { channelId, userIds: members.map((m) => m.id) });
    return channelId;
  }

  it('a member removed while the copy still lists them cannot post: the message is taken back and the send refused', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await privateRoom(ana, bob);
    await ana.subscribe('messages.channel', { channelId });
    await bob.call('messages.send', { _id: newMessageId(bob.id), channelId, text: 'while a member' });
    holding = true;
    // Written past this server's methods, as another server's removal would be.
    await Channels.updateAsync({ _id: channelId }, { $pull: { memberIds: bob.id } });
    assert.ok((await lagging.get(channelId))?.memberIds.includes(bob.id), 'the copy still lists bob');
    const late = newMessageId(bob.id);
    assert.equal(await errorCodeOf(bob.call('messages.send', { _id: late, channelId, text: 'after the removal' })), 'chat.not-member');
    assert.equal(await Messages.findOneAsync({ _id: late }), undefined);
    await settle();
    assert.equal(ana.messages.findOne({ _id: late }), undefined);
    assert.deepEqual(
      ana.messages.find({ channelId }).map((m) => m.text),
      ['while a member'],
    );
  });

  it('an archive the copy has not seen yet refuses the send as archived', async () => {
    const ana = await signUp('ana');
    const channelId = await privateRoom(ana);
    await ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: 'before' });
    holding = true;
    await Channels.updateAsync({ _id: channelId }, { $set: { archived: true } });
    const late = newMessageId(ana.id);
    assert.equal(await errorCodeOf(ana.call('messages.send', { _id: late, channelId, text: 'after' })), 'chat.archived');
    assert.equal(await Messages.findOneAsync({ _id: late }), undefined);
  });

  it('a member added a moment ago, whom the copy does not list yet, is not refused', async () => {
    const [ana, cy] = [await signUp('ana'), await signUp('cy')];
    const channelId = await privateRoom(ana);
    await ana.call('messages.send', { _id: newMessageId(ana.id), channelId, text: 'hello' });
    holding = true;
    await Channels.updateAsync({ _id: channelId }, { $addToSet: { memberIds: cy.id } });
    assert.equal((await lagging.get(channelId))?.memberIds.includes(cy.id), false, 'the copy does not list cy yet');
    const _id = newMessageId(cy.id);
    assert.equal(await cy.call('messages.send', { _id, channelId, text: 'just joined' }), _id);
    assert.equal((await Messages.findOneAsync({ _id }))?.text, 'just joined');
  });

  it('keeps at most its bound of channels, each live until let go', async () => {
    const ana = await signUp('ana');
    const rooms = [await privateRoom(ana), await privateRoom(ana), await privateRoom(ana)];
    const small = new LiveChannelCache({ maxChannels: 2 });
    try {
      for (const id of rooms) assert.equal((await small.get(id))?._id, id);
      assert.equal(small.size, 2);
      await Channels.updateAsync({ _id: rooms[2] }, { $set: { topic: 'live' } });
      await eventually('the copy follows the database', async () => (await small.get(rooms[2] as string))?.topic === 'live');
      assert.equal(await small.get('no-such-channel'), undefined);
    } finally {
      small.stop();
      small.stop();
    }
    assert.equal(small.size, 0);
    assert.equal(await small.get(rooms[0] as string), undefined);
  });
});
