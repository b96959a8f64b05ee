import { Meteor } from 'meteor/meteor';
import { Tracker } from 'meteor/tracker';
import {
  browserOutboxTabs,
  deleteIndexedDb,
  DurableOutbox,
  getDefaultConnection,
  indexedDbOutboxStorage,
  reconnectWhenOnline,
  syncState,
  type OutboxFailure,
  type SyncState,
} from 'meteor/ddp';
import { collectionCache } from 'meteor/mongo';
import { ReactiveVar } from 'meteor/reactive-var';
import { channels, memberships, messages, people } from '/imports/ui/data/client-collections';
import { sendMessage, editMessage, toggleReaction } from '/imports/api/messages/methods';

/**
 * The chat offline: what the person last saw is kept on the device per user (channels, their
 * memberships, recent messages, the people who wrote them), and sends, edits and reactions are
 * kept in a durable outbox until the server answered, replayed once after a reload. The tabs of
 * one user share that outbox: each shows the others' waiting calls, and one replays those of a
 * closed tab.
 *
 * Per user: opened when the user id is known (at once on a page load, from the stored login),
 * wiped when it goes (logout, a session the server ended) or changes (another account).
 */

/** Calls kept across reloads; the server recognises their replays (ddp-server's replay log). */
const DURABLE_METHODS = [sendMessage.name, editMessage.name, toggleReaction.name];

channels.keep({}, { limit: 300 });
memberships.keep({}, { limit: 300 });
messages.keep({}, { sort: { createdAt: -1 }, limit: 500 });
people.keep({}, { limit: 500 });

/** How long the data must stay settled before kept documents the server did not send are removed. */
const RECONCILE_AFTER_MS = 500;

const painted = new ReactiveVar(false);
/** The counts shown (unread, mentions) come from the device or from before the connection went. */
const countsStale = new ReactiveVar(false);
/** The user whose device cache is open (reactive, so reconciling waits for it). */
const openFor = new ReactiveVar<string | null>(null);
let outbox: DurableOutbox | null = null;
let started = false;

/** Reactive: this page shows documents kept from an earlier visit (so it can open without a server). */
export function paintedFromCache(): boolean {
  return painted.get();
}

/**
 * Reactive: unread and mention counts may be out of date: painted from the device, or the
 * connection went since the server last sent them. Cleared once connected with every
 * subscription ready (a channel opened while connected does not set it).
 */
export function unreadCountsStale(): boolean {
  return countsStale.get();
}

/** Reactive: connected / connecting / offline / waiting-for-server. */
export function chatSyncState(): SyncState {
  return syncState(getDefaultConnection());
}

/** Reactive: a stub wrote this message and the server has not answered yet. */
export function messageWaitsForServer(messageId: string): boolean {
  return getDefaultConnection().hasPendingWrites('messages', messageId);
}

/** Reactive: kept calls the server refused after a reload (they were rolled back). */
export function offlineFailures(): readonly OutboxFailure[] {
  return outbox?.failures() ?? [];
}

const LAST_USER_KEY = 'perseid.offline.lastUser';

function lastUser(): string | null {
  try {
    return globalThis.localStorage?.getItem(LAST_USER_KEY) ?? null;
  } catch {
    return null;
  }
}

function rememberUser(userId: string | null): void {
  try {
    if (userId === null) globalThis.localStorage?.removeItem(LAST_USER_KEY);
    else globalThis.localStorage?.setItem(LAST_USER_KEY, userId);
  } catch {
    // Private mode without storage: nothing is kept, so nothing needs wiping later.
  }
}

async function wipe(userId: string): Promise<void> {
  painted.set(false);
  openFor.set(null);
  const kept = outbox;
  outbox = null;
  await kept?.wipe();
  await deleteIndexedDb(`perseid-outbox:${userId}`).catch(() => {});
  await collectionCache.wipe(userId).catch((error: unknown) => console.warn('[offline] could not wipe the device cache', error));
}

async function open(userId: string, onFailure: (failure: OutboxFailure) => void): Promise<void> {
  const count = await collectionCache.open(userId);
  if (Meteor.userId() !== userId) return;
  if (count > 0) {
    painted.set(true);
    if (!Tracker.nonreactive(() => chatSyncState() === 'connected' && getDefaultConnection().subscriptionsReady())) countsStale.set(true);
  }
  openFor.set(userId);
  const tabs = browserOutboxTabs(userId);
  outbox = await DurableOutbox.open({
    connection: getDefaultConnection(),
    storage: indexedDbOutboxStorage(userId),
    methods: DURABLE_METHODS,
    onFailure,
    ...(tabs === undefined ? {} : { tabs }),
  });
}

/**
 * Starts the offline layer. `onFailure` hears of kept calls the server refused after a reload,
 * so the UI can offer them again.
 */
export function startOfflineSync(onFailure: (failure: OutboxFailure) => void): void {
  if (started) return;
  started = true;
  reconnectWhenOnline(getDefaultConnection());
  let current: string | null = null;
  let chain: Promise<void> = Promise.resolve();
  // A user the page never saw logging out (the stored login was refused while this page was
  // closed) still has a device cache: it is wiped before anyone else's opens.
  const previous = lastUser();
  Tracker.autorun(() => {
    const userId = Meteor.userId();
    if (userId === current) return;
    const leaving = current ?? (previous !== userId ? previous : null);
    current = userId;
    rememberUser(userId);
    chain = chain
      .then(async () => {
        if (leaving !== null) await wipe(leaving);
        if (userId !== null) await open(userId, onFailure);
      })
      .catch((error: unknown) => console.warn('[offline] the device cache could not start; the network is used alone', error));
  });
  Tracker.autorun(() => {
    const state = chatSyncState();
    if (state === 'offline') countsStale.set(true);
    else if (state === 'connected' && getDefaultConnection().subscriptionsReady()) countsStale.set(false);
  });
  // Once the server's data is in, kept documents it no longer publishes go. "In" is: connected,
  // every call answered (the resume login first) and every subscription ready, still so a
  // moment later, when the workspace has made the subscriptions the signed-in user leads to.
  let reconciledFor: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled = (userId: string) =>
    Meteor.userId() === userId && openFor.get() === userId && chatSyncState() === 'connected' && getDefaultConnection().subscriptionsReady();
  Tracker.autorun(() => {
    const userId = Meteor.userId();
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (userId === null || reconciledFor === userId || !settled(userId)) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (reconciledFor === userId || !Tracker.nonreactive(() => settled(userId))) return;
      reconciledFor = userId;
      collectionCache.reconcile();
    }, RECONCILE_AFTER_MS);
  });
}
