/**
 * Several tabs, one outbox, in real Chromium: real Web Locks, a real BroadcastChannel, real
 * IndexedDB and a real DDP server. A "tab" is a connection, a store and an outbox with its own
 * tab id; closing one frees its locks as closing a page does.
 */
import assert from 'node:assert/strict';
import type { ClientMethodInvocation } from '../src/client-method-invocation';
import {
  browserOutboxTabs,
  Connection,
  DurableOutbox,
  deleteIndexedDb,
  indexedDbOutboxStorage,
  type OutboxTabsOptions,
  WebSocketTransport,
  type WebSocketConstructor,
} from '../src/index.browser';
import { FakeStore } from './fake-store';

const env = (globalThis as unknown as { __TEST_ENV__: { onlineUrl: string; offlineUrl: string } }).__TEST_ENV__;

function waitFor(condition: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (condition()) return resolve();
      if (Date.now() - started > 8000) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

/** A store that notes, after every batch, how the watched document looks: 'stub pending', 'server', 'absent'... */
class WatchedStore extends FakeStore {
  readonly frames: string[] = [];
  watched: string | undefined;
  pending: (id: string) => boolean = () => false;

  override endUpdate(): void {
    super.endUpdate();
    if (this.watched === undefined) return;
    const by = this.docs.get(this.watched)?.['by'] ?? 'absent';
    this.frames.push(`${String(by)}${this.pending(this.watched) ? ' pending' : ''}`);
  }

  /** The states shown since watching began, each once, in order of first appearance. */
  get shown(): string[] {
    return [...new Set(this.frames)];
  }
}

interface Tab {
  readonly connection: Connection;
  readonly store: WatchedStore;
  readonly outbox: DurableOutbox;
  close(): void;
}

describe('the durable outbox shared by several tabs (Chromium)', function () {
  this.timeout(30_000);
  let scope: string;
  let tabs: Tab[];
  let checker: Connection;

  beforeEach(() => {
    scope = `tabs-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    tabs = [];
    checker = new Connection(env.onlineUrl, { transport: new WebSocketTransport(globalThis.WebSocket as unknown as WebSocketConstructor), log: () => {} });
  });

  afterEach(async () => {
    for (const tab of tabs) tab.close();
    checker.close();
    await deleteIndexedDb(`perseid-outbox:${scope}`);
  });

  async function openTab(tabId: string, online: boolean): Promise<Tab> {
    const connection = new Connection(online ? env.onlineUrl : env.offlineUrl, {
      transport: new WebSocketTransport(globalThis.WebSocket as unknown as WebSocketConstructor),
      log: () => {},
      retry: { baseTimeout: 20, maxTimeout: 100, minCount: 2 },
    });
    const store = new WatchedStore();
    store.pending = (id) => connection.hasPendingWrites('messages', id);
    connection.registerStoreClient('messages', store);
    const post = function (this: ClientMethodInvocation, text: string) {
      const id = this.randomStream('/collection/messages').id();
      store.write(id, { text, by: 'stub' });
      return id;
    };
    connection.methods({ post, postHeld: post });
    connection.subscribe('messages');
    const browserTabs = browserOutboxTabs(scope);
    if (browserTabs === undefined) throw new Error('this Chromium has no Web Locks or BroadcastChannel');
    const shared: OutboxTabsOptions = { ...browserTabs, tabId };
    const outbox = await DurableOutbox.open({
      connection,
      storage: indexedDbOutboxStorage(scope),
      methods: ['post', 'postHeld'],
      tabs: shared,
      log: () => {},
    });
    const tab = {
      connection,
      store,
      outbox,
      close: () => {
        outbox.close();
        connection.close();
      },
    };
    tabs.push(tab);
    return tab;
  }

  /** The stub's id of a post; the server's answer may never come (the tab closes), which is no error here. */
  const posted = (tab: Tab, text: string, method = 'post'): Promise<string> => {
    const call = tab.connection.callAsync(method, text);
    call.catch(() => {});
    return call.stubPromise as Promise<string>;
  };
  const runs = async (text: string) => (await checker.callAsync('runs', text)) as number;
  const textOf = (tab: Tab, id: string) => tab.store.docs.get(id)?.['text'];

  it('a call waiting in one tab shows in the other as pending; only its own tab sends it, once', async () => {
    const offline = await openTab('a', false);
    const online = await openTab('b', true);
    await waitFor(() => online.outbox.isLeader || offline.outbox.isLeader, 'a leader');
    const id = await posted(offline, 'from a');
    await waitFor(() => textOf(online, id) === 'from a' && online.connection.hasPendingWrites('messages', id), "the other tab showing a's call");
    assert.equal(online.outbox.pendingCount(), 1);
    // Tab b is online, yet it must not send a call tab a still holds.
    await online.connection.callAsync('runs', 'from a');
    assert.equal(await runs('from a'), 0);
  });

  it('a call made online in one tab: the other shows it pending, then the server version, and the server ran it once', async () => {
    const first = await openTab('a', true);
    const second = await openTab('b', true);
    const id = (await first.connection.callAsync('post', 'both online')) as string;
    await waitFor(
      () => !second.connection.hasPendingWrites('messages', id) && second.store.docs.get(id)?.['by'] === 'server',
      'the server version in the other tab',
    );
    assert.equal(second.outbox.pendingCount(), 0);
    assert.equal(await runs('both online'), 1);
  });

  it('when the tab that made a call closes, the leading tab sends it, once', async () => {
    const leader = await openTab('leader', true);
    await waitFor(() => leader.outbox.isLeader, 'the first tab holding the leader lock');
    const leaving = await openTab('leaving', false);
    assert.equal(leaving.outbox.isLeader, false);
    const id = await posted(leaving, 'orphan');
    await waitFor(() => textOf(leader, id) === 'orphan', 'the leader showing the call');
    assert.equal(await runs('orphan'), 0);
    leaving.close();
    await waitFor(() => leader.store.docs.get(id)?.['by'] === 'server' && leader.outbox.pendingCount() === 0, 'the leader sending it');
    assert.equal(await runs('orphan'), 1);
    assert.deepEqual(await indexedDbOutboxStorage(scope).load(), []);
  });

  it('when the leading tab closes with a call waiting, another tab becomes leader and sends it, once', async () => {
    const leader = await openTab('old-leader', false);
    await waitFor(() => leader.outbox.isLeader, 'the first tab holding the leader lock');
    const second = await openTab('second', true);
    const id = await posted(leader, 'left by the leader');
    await waitFor(() => textOf(second, id) === 'left by the leader', 'the second tab showing the call');
    assert.equal(second.outbox.isLeader, false);
    leader.close();
    await waitFor(() => second.outbox.isLeader, 'the second tab taking the leader lock');
    await waitFor(() => second.store.docs.get(id)?.['by'] === 'server' && second.outbox.pendingCount() === 0, 'the new leader sending it');
    assert.equal(await runs('left by the leader'), 1);
  });

  it("a closed tab's call shown here and then taken over stays shown and pending until the server answers, and runs once", async () => {
    const leaving = await openTab('leaving', false);
    await waitFor(() => leaving.outbox.isLeader, 'the first tab holding the leader lock');
    const id = await posted(leaving, 'shown, then taken over');
    // The new page does not hold the leader lock at once, so it shows the kept call first.
    const next = await openTab('next', false);
    assert.equal(next.outbox.isLeader, false);
    await waitFor(() => textOf(next, id) === 'shown, then taken over' && next.connection.hasPendingWrites('messages', id), 'the new tab showing the call');
    next.store.watched = id;
    leaving.close();
    await waitFor(() => next.outbox.isLeader, 'the new tab holding the leader lock');
    const storage = indexedDbOutboxStorage(scope);
    let owners: Array<string | undefined> = [];
    await waitFor(() => {
      void storage.load().then((records) => (owners = records.map((r) => r.owner)));
      return owners.length === 1 && owners[0] === 'next';
    }, 'the new tab taking the call over');
    assert.equal(textOf(next, id), 'shown, then taken over');
    assert.equal(next.connection.hasPendingWrites('messages', id), true, 'still waiting to send after the take-over');
    assert.equal(next.outbox.pendingCount(), 1);

    next.connection.reconnect({ url: env.onlineUrl });
    await waitFor(() => next.store.docs.get(id)?.['by'] === 'server' && next.outbox.pendingCount() === 0, 'the server answering');
    assert.equal(next.connection.hasPendingWrites('messages', id), false);
    assert.equal(await runs('shown, then taken over'), 1);
    // Never absent, never shown as the stub's guess without "pending", from the showing to the answer.
    assert.deepEqual(
      next.store.shown.filter((state) => state !== 'stub pending'),
      ['server'],
      next.store.frames.join(', '),
    );
  });

  it("a call answered in the tab that made it stays shown in another until that tab's own data brings it, never absent", async () => {
    const sender = await openTab('sender', true);
    const reader = await openTab('reader', true);
    await waitFor(() => sender.connection.subscriptionsReady() && reader.connection.subscriptionsReady(), 'both subscribed');
    const call = sender.connection.callAsync('postHeld', 'answered first');
    const id = (await call.stubPromise) as string;
    reader.store.watched = id;
    await waitFor(() => textOf(reader, id) === 'answered first', 'the reader showing the call');
    await call;
    // The reader hears the answer (the outbox's 'settled') before its subscription brings the document.
    await waitFor(() => reader.outbox.pendingCount() === 0, 'the reader hearing the answer');
    await reader.connection.callAsync('runs', 'answered first');
    assert.equal(textOf(reader, id), 'answered first', 'still shown before its data came');
    await checker.callAsync('deliverHeld');
    await waitFor(() => reader.store.docs.get(id)?.['by'] === 'server' && !reader.connection.hasPendingWrites('messages', id), "the reader's own copy");
    assert.deepEqual(
      reader.store.shown.filter((state) => state !== 'stub pending'),
      ['server'],
      reader.store.frames.join(', '),
    );
    assert.equal(await runs('answered first'), 1);
  });

  it('a refused call is rolled back in every tab and reported only by the tab that sent it', async () => {
    const failures: string[][] = [[], []];
    const first = await openTab('a', true);
    const second = await openTab('b', true);
    const id = await posted(first, 'refused here');
    await waitFor(() => first.outbox.failures().length === 1, 'the refusal reported');
    failures[0] = first.outbox.failures().map((f) => f.method);
    failures[1] = second.outbox.failures().map((f) => f.method);
    await waitFor(() => !first.store.docs.has(id) && !second.store.docs.has(id) && second.outbox.pendingCount() === 0, 'rolled back in both tabs');
    assert.deepEqual(failures, [['post'], []]);
  });
});
