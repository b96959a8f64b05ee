import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Random } from 'meteor/random';
import { chatClientsPerTest, type ChatTestClient, eventually, settle } from '/tests/helpers/chat-test-client';
import { Messages } from '../collection';
import type { HistoryCursor, Message } from '../collection';
import { newMessageId } from '../message-id';

describe('scrolling by position: messages.page and messages.channel since (server, over DDP)', function () {
  this.timeout(60000);
  const testClients = chatClientsPerTest();
  const PAGE = 50;
  const TOTAL = 1700;

  /**
   * A private room with TOTAL top-level messages written straight to the database (sending that
   * many would take minutes under the send limit), oldest first. Every 7th millisecond holds
   * three messages, so pages end inside a millisecond and only the _id tie-break orders them.
   */
  async function bigRoom(ana: ChatTestClient): Promise<{ channelId: string; ordered: string[]; at: (id: string) => HistoryCursor }> {
    const channelId = await ana.call<string>('channels.create', { name: `pages-${Random.id(6).toLowerCase()}`, kind: 'private' });
    const start = Date.UTC(2026, 0, 1);
    const docs: Message[] = [];
    let t = 0;
    while (docs.length < TOTAL) {
      const shared = t % 7 === 0 ? 3 : 1;
      for (let k = 0; k < shared && docs.length < TOTAL; k++) {
        docs.push({
          _id: newMessageId(ana.id),
          channelId,
          userId: ana.id,
          text: `history ${docs.length}`,
          createdAt: new Date(start + t),
          editedAt: null,
          threadId: null,
          replyCount: 0,
          lastReplyAt: null,
          reactions: [],
          mentionIds: [],
          attachment: null,
        });
      }
      t += 1;
    }
    // Inserted in shuffled order: the page order must come from the data, not from insertion.
    const shuffled = [...docs].sort(() => Math.random() - 0.5);
    await Messages.rawCollection().insertMany(shuffled as never[]);
    const ordered = [...docs].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : 1)).map((d) => d._id);
    const byId = new Map(docs.map((d) => [d._id, d] as const));
    return { channelId, ordered, at: (id) => ({ at: byId.get(id)?.createdAt ?? new Date(0), id }) };
  }

  const cursorOf = (client: ChatTestClient, id: string): HistoryCursor => {
    const doc = client.messages.findOne({ _id: id });
    if (doc === undefined) throw new Error(`message ${id} is not on the client`);
    return { at: doc.createdAt, id: doc._id };
  };
  const idsIn = (client: ChatTestClient, channelId: string): Set<string> => new Set(client.messages.find({ channelId, threadId: null }).map((m) => m._id));

  it('walks 30 pages back from the latest page, each exactly the next 50 in (createdAt, _id) order, then forward again', async () => {
    const ana = await testClients.signUp('ana');
    const { channelId, ordered } = await bigRoom(ana);
    const latest = await ana.subscribe('messages.channel', { channelId, limit: PAGE });
    await eventually('the latest page arrives', () => idsIn(ana, channelId).size === PAGE);
    assert.deepEqual(idsIn(ana, channelId), new Set(ordered.slice(-PAGE)));
    let oldest = ordered.length - PAGE;
    let previous = latest;
    for (let page = 1; page <= 30; page++) {
      const handle = await ana.subscribe('messages.page', { channelId, before: cursorOf(ana, ordered[oldest] ?? ''), limit: PAGE });
      // Only this page is held: what arrives is exactly its 50 messages.
      previous.stop();
      previous = handle;
      await eventually(`page ${page} alone is on the client`, () => idsIn(ana, channelId).size === PAGE && !idsIn(ana, channelId).has(ordered[oldest] ?? ''));
      assert.deepEqual(idsIn(ana, channelId), new Set(ordered.slice(oldest - PAGE, oldest)), `page ${page} back`);
      oldest -= PAGE;
    }
    // And forward from the deepest page, by `after`.
    const next = await ana.subscribe('messages.page', { channelId, after: cursorOf(ana, ordered[oldest + PAGE - 1] ?? ''), limit: PAGE });
    previous.stop();
    await eventually(
      'the newer page alone is on the client',
      () => idsIn(ana, channelId).size === PAGE && idsIn(ana, channelId).has(ordered[oldest + PAGE] ?? ''),
    );
    assert.deepEqual(idsIn(ana, channelId), new Set(ordered.slice(oldest + PAGE, oldest + 2 * PAGE)));
    next.stop();
  });

  it('walks the whole room forward and back with pages of 2, 3 and 7: every message once, in (createdAt, _id) order', async () => {
    const ana = await testClients.signUp('ana');
    const { channelId, ordered, at } = await bigRoom(ana);
    // Small enough to stay under the per-connection subscription limit.
    const window = ordered.slice(0, 30);
    for (const limit of [2, 3, 7]) {
      // Forward from the first message: pages that end inside a millisecond, on its last message,
      // and pages made only of the cursor's own millisecond.
      const seen: string[] = [window[0] ?? ''];
      let cursor: HistoryCursor = at(window[0] ?? '');
      while (seen.length < window.length) {
        const handle = await ana.subscribe('messages.page', { channelId, after: cursor, limit });
        await eventually(`a page of ${limit} after ${seen.length}`, () => idsIn(ana, channelId).size === limit);
        const page = ana.messages
          .find({ channelId, threadId: null }, { sort: { createdAt: 1 } })
          .fetch()
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : 1));
        seen.push(...page.map((m) => m._id));
        const newest = page[page.length - 1];
        if (newest === undefined) break;
        cursor = { at: newest.createdAt, id: newest._id };
        handle.stop();
        await eventually('the page leaves', () => idsIn(ana, channelId).size === 0);
      }
      assert.deepEqual(seen.slice(0, window.length), window, `forward by ${limit}`);
      // And back from the window's newest message by `before`.
      const back: string[] = [];
      cursor = at(window[window.length - 1] ?? '');
      while (back.length < window.length - 1) {
        const handle = await ana.subscribe('messages.page', { channelId, before: cursor, limit });
        await eventually(`a page of ${limit} before ${back.length}`, () => idsIn(ana, channelId).size === Math.min(limit, window.length - 1 - back.length));
        const page = ana.messages
          .find({ channelId, threadId: null })
          .fetch()
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1));
        back.push(...page.map((m) => m._id));
        const oldest = page[page.length - 1];
        if (oldest === undefined) break;
        cursor = { at: oldest.createdAt, id: oldest._id };
        handle.stop();
        await eventually('the page leaves', () => idsIn(ana, channelId).size === 0);
      }
      assert.deepEqual(back, window.slice(0, -1).reverse(), `back by ${limit}`);
    }
  });

  it('keeps a page fixed but live: an edit shows, a deletion leaves; since brings every newer one', async () => {
    const ana = await testClients.signUp('ana');
    const { channelId, ordered, at } = await bigRoom(ana);
    const target = ordered[TOTAL - 1] ?? '';
    await ana.subscribe('messages.channel', { channelId, limit: 1 });
    await eventually('the newest message arrives', () => idsIn(ana, channelId).has(target));
    const since = at(ordered[TOTAL - 3] ?? '');
    const page = await ana.subscribe('messages.page', { channelId, after: at(ordered[TOTAL - 6] ?? ''), limit: PAGE });
    await eventually('the page arrives', () => idsIn(ana, channelId).size === 5);
    await ana.call('messages.edit', { messageId: ordered[TOTAL - 4], text: 'edited in place' });
    await eventually('the edit shows', () => ana.messages.findOne({ _id: ordered[TOTAL - 4] })?.text === 'edited in place');
    await ana.call('messages.remove', { messageId: ordered[TOTAL - 5] });
    await eventually('the deleted message leaves', () => !idsIn(ana, channelId).has(ordered[TOTAL - 5] ?? ''));
    const fresh = newMessageId(ana.id);
    await ana.subscribe('messages.channel', { channelId, since });
    await ana.call('messages.send', { _id: fresh, channelId, text: 'just now' });
    await eventually('since brings the new message', () => idsIn(ana, channelId).has(fresh));
    page.stop();
  });

  it('refuses a stranger, both or neither position, a page over 100 and malformed cursors, publishing nothing', async () => {
    const [ana, eve] = [await testClients.signUp('ana'), await testClients.signUp('eve')];
    const channelId = await ana.call<string>('channels.create', { name: `pages-${Random.id(6).toLowerCase()}`, kind: 'private' });
    const _id = newMessageId(ana.id);
    await ana.call('messages.send', { _id, channelId, text: 'secret' });
    const at = new Date(Date.now() + 60_000);
    await eve.subscribe('messages.page', { channelId, before: { at, id: _id } });
    await settle();
    assert.equal(eve.messages.find({}).count(), 0, 'a stranger receives nothing');
    const invalid = (e: { error?: unknown }): boolean => e.error === 'validation-error' || e.error === 'chat.invalid';
    await assert.rejects(ana.subscribe('messages.page', { channelId }), invalid);
    await assert.rejects(ana.subscribe('messages.page', { channelId, before: { at, id: _id }, after: { at, id: _id } }), invalid);
    await assert.rejects(ana.subscribe('messages.page', { channelId, before: { at, id: _id }, limit: 101 }), invalid);
    await assert.rejects(ana.subscribe('messages.page', { channelId, before: { at: 'yesterday', id: _id } }), invalid);
    await assert.rejects(ana.subscribe('messages.page', { channelId, before: { at, id: _id, extra: { deep: true } } }), invalid);
    await assert.rejects(ana.subscribe('messages.channel', { channelId, since: { at: 5, id: _id } }), invalid);
  });
});
