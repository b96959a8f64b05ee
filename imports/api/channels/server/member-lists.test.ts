import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { chatClientsPerTest, errorCodeOf, eventually, settle } from '/tests/helpers/chat-test-client';
import type { ChatTestClient } from '/tests/helpers/chat-test-client';
import { RawDdpSocket } from '/tests/helpers/raw-ddp-socket';
import { Channels } from '../collection';

/** Makes a public channel of `size` members: its creator, `size - 2` stand-ins, and `reader`. */
async function channelOfSize(creator: ChatTestClient, reader: ChatTestClient, size: number): Promise<{ channelId: string; standIns: string[] }> {
  const channelId = await creator.call<string>('channels.create', { name: `big-${creator.username.slice(-6)}`, kind: 'public' });
  await reader.call('channels.join', { channelId });
  const standIns = Array.from({ length: size - 2 }, (_, i) => `stand-in-${channelId}-${i}`);
  if (standIns.length > 0) await Channels.updateAsync({ _id: channelId }, { $addToSet: { memberIds: { $each: standIns } } });
  return { channelId, standIns };
}

describe('channel member lists (server, over DDP)', function () {
  this.timeout(30000);
  const testClients = chatClientsPerTest();
  const signUp = testClients.signUp;
  const sockets: RawDdpSocket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  it("a member's channel carries memberCount and joined, never the others' ids, live on join and leave", async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    const channelId = await ana.call<string>('channels.create', { name: `count-${ana.username.slice(-5)}`, kind: 'public' });
    await ana.subscribe('channels.mine');
    await eventually('the channel arrives', () => ana.channels.findOne({ _id: channelId }) !== undefined);
    const mine = (): Record<string, unknown> | undefined => ana.channels.findOne({ _id: channelId }) as Record<string, unknown> | undefined;
    assert.equal(mine()?.['memberCount'], 1);
    assert.equal(mine()?.['joined'], true);
    assert.equal(mine()?.['memberIds'], undefined);

    await bob.call('channels.join', { channelId });
    await eventually('the count follows the join', () => mine()?.['memberCount'] === 2);
    assert.equal(mine()?.['memberIds'], undefined, 'no member list after a join either');
    await bob.call('channels.leave', { channelId });
    await eventually('the count follows the leave', () => mine()?.['memberCount'] === 1);
    await ana.call('channels.setTopic', { channelId, topic: 'Counting' });
    await eventually('other fields pass through', () => mine()?.['topic'] === 'Counting');

    // The directory tells a non-member the size and that they are not in it.
    await bob.subscribe('channels.directory', { search: `count-${ana.username.slice(-5)}` });
    await eventually('listed for bob', () => bob.channels.findOne({ _id: channelId }) !== undefined);
    const listed = bob.channels.findOne({ _id: channelId }) as Record<string, unknown> | undefined;
    assert.equal(listed?.['joined'], false);
    assert.equal(listed?.['memberCount'], 1);
    assert.equal(listed?.['memberIds'], undefined);
  });

  it('a direct message keeps its (small) member list, which names it', async () => {
    const [ana, bob] = [await signUp('ana'), await signUp('bob')];
    await ana.subscribe('channels.mine');
    const dm = await ana.call<string>('channels.openDirect', { userIds: [bob.id] });
    await eventually('the DM arrives', () => ana.channels.findOne({ _id: dm }) !== undefined);
    assert.deepEqual([...(ana.channels.findOne({ _id: dm })?.memberIds ?? [])].sort(), [ana.id, bob.id].sort());
    assert.equal(ana.channels.findOne({ _id: dm })?.memberCount, 2);
  });

  it('channels.members pages and narrows the list for members, refuses outsiders of a private channel, and is withdrawn when the reader leaves', async () => {
    const [ana, bob, eve] = [await signUp('ana'), await signUp('bob'), await signUp('eve')];
    const channelId = await ana.call<string>('channels.create', { name: `crew-${ana.username.slice(-5)}`, kind: 'private' });
    await ana.call('channels.invite', { channelId, userIds: [bob.id] });

    await eve.subscribe('channels.members', { channelId });
    await settle();
    assert.equal(eve.channelMembers.find({ channelId }).count(), 0, 'an outsider gets no member of a private channel');

    await bob.subscribe('channels.members', { channelId });
    await eventually('bob sees both members', () => bob.channelMembers.find({ channelId }).count() === 2);
    assert.deepEqual(
      bob.channelMembers
        .find({ channelId })
        .fetch()
        .map((m) => m.userId)
        .sort(),
      [ana.id, bob.id].sort(),
    );

    await ana.subscribe('channels.members', { channelId, query: bob.username.slice(0, 6), limit: 1 });
    await eventually('ana sees bob by prefix', () => ana.channelMembers.find({ channelId }).count() === 1);
    assert.equal(ana.channelMembers.findOne({ channelId })?.userId, bob.id);

    await ana.call('channels.invite', { channelId, userIds: [eve.id] });
    await eventually('a new member appears live', () => bob.channelMembers.find({ channelId }).count() === 3);

    await bob.call('channels.leave', { channelId });
    await eventually("bob's member list is withdrawn", () => bob.channelMembers.find({ channelId }).count() === 0);

    assert.equal(await errorCodeOf(ana.subscribe('channels.members', { channelId, limit: 100000 })), 'validation-error');
  });

  it('channels.members keeps its page in username order as members come and go: a newcomer sorting first pushes the last out, a leaver lets the next in', async () => {
    const [mid, last, first] = [await signUp('mmm'), await signUp('zzz'), await signUp('aaa')];
    const channelId = await mid.call<string>('channels.create', { name: `page-${mid.username.slice(-5)}`, kind: 'private' });
    await mid.call('channels.invite', { channelId, userIds: [last.id] });
    await mid.subscribe('channels.members', { channelId, limit: 2 });
    const page = (): string[] =>
      mid.channelMembers
        .find({ channelId })
        .fetch()
        .map((m) => m.userId)
        .sort();
    await eventually('the first page', () => page().length === 2);
    assert.deepEqual(page(), [mid.id, last.id].sort());
    await mid.call('channels.invite', { channelId, userIds: [first.id] });
    await eventually('the newcomer takes the last place', () => page().includes(first.id));
    assert.deepEqual(page(), [first.id, mid.id].sort());
    await first.call('channels.leave', { channelId });
    await eventually('the next member moves back in', () => page().includes(last.id));
    assert.deepEqual(page(), [mid.id, last.id].sort());
  });

  it("a join sends each other member's connection the same few bytes, whatever the channel's size", async () => {
    const perJoin: { size: number; bytes: number; texts: readonly string[]; standIns: readonly string[] }[] = [];
    for (const size of [10, 200]) {
      const [creator, reader, joiner] = [await signUp('own'), await signUp('read'), await signUp('join')];
      const { channelId, standIns } = await channelOfSize(creator, reader, size);
      const socket = await RawDdpSocket.open(Meteor.absoluteUrl());
      sockets.push(socket);
      await socket.resume(reader.token ?? '');
      await socket.subscribe('channels.mine');
      await settle();
      socket.resetTally();
      await joiner.call('channels.join', { channelId });
      await settle();
      perJoin.push({ size, bytes: socket.tally.bytes, texts: [...socket.tally.texts], standIns });
    }
    const [small, big] = perJoin;
    assert.ok(small !== undefined && big !== undefined);
    assert.ok(small.bytes > 0, 'the join reaches the other member');
    for (const { texts, standIns } of perJoin) {
      assert.equal(texts.filter((text) => standIns.some((id) => text.includes(id))).length, 0, 'no frame carries the member list');
    }
    // The count grows from 2 to 3 digits; nothing else may depend on the size.
    assert.ok(big.bytes - small.bytes <= 2, `join to ${small.size} members: ${small.bytes} B; to ${big.size}: ${big.bytes} B`);
  });
});
