/**
 * Several tabs of one app, one outbox: the tabs of a user share the outbox's storage, and this
 * coordinates them so no call goes out twice and none is left behind.
 *
 *   every tab   holds the lock `<name>:tab:<tabId>` while it lives (the browser frees it when the
 *               tab closes or reloads), so "is the tab that made this call still here?" is a lock
 *               query, not a guess from timers
 *   one tab     holds `<name>:leader`; when it goes, the browser hands the lock to a waiting tab
 *   a call      is sent by the tab that made it; the others are told ('kept') and show its stub's
 *               effect until they hear it was answered ('settled')
 *   the leader  replays the calls whose tab is gone (found at once, or when that tab's lock frees)
 *
 * Messages come from other tabs of the same origin, still each is checked before it is used.
 */
import type { OutboxRecord } from './outbox-storage';

/** The part of the Web Locks API (navigator.locks) used here. */
export interface TabLocks {
  request(name: string, options: { signal?: AbortSignal }, callback: (lock: unknown) => Promise<void>): Promise<unknown>;
  query(): Promise<{ held?: ReadonlyArray<{ name?: string | undefined }> | undefined }>;
}

/** A BroadcastChannel, or what stands in for one. */
export interface TabChannel {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface OutboxTabsOptions {
  /** Tabs of the same scope (the signed-in user) share one outbox. */
  readonly scope: string;
  readonly locks: TabLocks;
  readonly openChannel: (name: string) => TabChannel;
  /** This tab's id; default a random one. */
  readonly tabId?: string;
}

/** `settled` with `failed`: the server refused the call (or it was dropped), so the other tabs roll it back at once. */
export type TabMessage =
  | { readonly type: 'kept'; readonly record: OutboxRecord }
  | { readonly type: 'settled'; readonly randomSeed: string; readonly failed?: boolean };

export interface OutboxTabsHandlers {
  onMessage(message: TabMessage): void;
  /** This tab now holds the leader lock (at start, or because the leader went). */
  onLeader(): void;
  /** A tab this one watched is gone (closed, reloaded, crashed). */
  onTabGone(tabId: string): void;
}

/** Gone tabs remembered; far more than one person opens between two page loads. */
const MAX_GONE_REMEMBERED = 1_000;

/** Longest scope or tab id accepted in a lock name. */
const MAX_ID_CHARS = 200;

export class OutboxTabs {
  readonly tabId: string;
  readonly #locks: TabLocks;
  readonly #channel: TabChannel;
  readonly #prefix: string;
  readonly #handlers: OutboxTabsHandlers;
  readonly #abort = new AbortController();
  readonly #watched = new Set<string>();
  /**
   * Tabs seen gone (their lock granted to this one). Ids are never reused, and while this tab
   * holds a gone tab's lock a lock query would still list it as alive.
   */
  readonly #gone = new Set<string>();
  /** Resolving these frees the locks this tab holds. */
  readonly #holds: Array<() => void> = [];
  #leader = false;
  #stopped = false;

  private constructor(options: OutboxTabsOptions, handlers: OutboxTabsHandlers) {
    this.tabId = options.tabId ?? randomTabId();
    if (options.scope.length === 0 || options.scope.length > MAX_ID_CHARS || this.tabId.length === 0 || this.tabId.length > MAX_ID_CHARS) {
      throw new RangeError(`outbox tabs: scope and tab id must have 1 to ${MAX_ID_CHARS} characters`);
    }
    this.#locks = options.locks;
    this.#prefix = `perseid-outbox:${options.scope}`;
    this.#handlers = handlers;
    this.#channel = options.openChannel(this.#prefix);
    this.#channel.onmessage = (event) => {
      const message = parseTabMessage(event.data);
      if (message !== undefined && !this.#stopped) this.#handlers.onMessage(message);
    };
  }

  /**
   * Joins the tabs of `options.scope`: listens to them at once, resolves once this tab's own lock
   * is held (so other tabs see it alive before any call of it is stored), and asks for the leader lock.
   */
  static async start(options: OutboxTabsOptions, handlers: OutboxTabsHandlers): Promise<OutboxTabs> {
    const tabs = new OutboxTabs(options, handlers);
    try {
      await new Promise<void>((granted, refused) => {
        tabs.#hold(`${tabs.#prefix}:tab:${tabs.tabId}`, granted).catch(refused);
      });
    } catch (error) {
      // No lock (an opaque origin, a browser refusing): the channel is closed, the caller works alone.
      tabs.stop();
      throw error;
    }
    tabs
      .#hold(`${tabs.#prefix}:leader`, () => {
        tabs.#leader = true;
        tabs.#handlers.onLeader();
      })
      .catch(() => {});
    return tabs;
  }

  get isLeader(): boolean {
    return this.#leader && !this.#stopped;
  }

  /** Ids of the tabs of this scope alive now, this one included. */
  async liveTabs(): Promise<Set<string>> {
    const live = new Set<string>();
    const marker = `${this.#prefix}:tab:`;
    for (const lock of (await this.#locks.query()).held ?? []) {
      if (typeof lock.name !== 'string' || !lock.name.startsWith(marker)) continue;
      const tabId = lock.name.slice(marker.length);
      if (!this.#gone.has(tabId)) live.add(tabId);
    }
    return live;
  }

  post(message: TabMessage): void {
    if (this.#stopped) return;
    this.#channel.postMessage(message);
  }

  /** Hears (onTabGone) when tab `tabId` is gone: its lock becomes free. */
  watch(tabId: string): void {
    if (this.#stopped || tabId === this.tabId || this.#watched.has(tabId) || this.#gone.has(tabId) || tabId.length > MAX_ID_CHARS) return;
    this.#watched.add(tabId);
    this.#locks
      .request(`${this.#prefix}:tab:${tabId}`, { signal: this.#abort.signal }, async () => {
        this.#watched.delete(tabId);
        this.#gone.add(tabId);
        if (this.#gone.size > MAX_GONE_REMEMBERED) this.#gone.delete(this.#gone.values().next().value as string);
        if (!this.#stopped) this.#handlers.onTabGone(tabId);
      })
      .catch(() => {});
  }

  /** Leaves: frees this tab's locks, stops waiting for others', closes the channel. Idempotent. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#leader = false;
    this.#abort.abort();
    for (const free of this.#holds.splice(0)) free();
    this.#channel.onmessage = null;
    this.#channel.close();
  }

  /** Holds lock `name` from when it is granted (then `granted` runs) until stop(). */
  #hold(name: string, granted: () => void): Promise<unknown> {
    return this.#locks.request(name, { signal: this.#abort.signal }, () => {
      if (this.#stopped) return Promise.resolve();
      granted();
      return new Promise<void>((free) => this.#holds.push(free));
    });
  }
}

function randomTabId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A message from another tab, checked: undefined for anything that is not one this outbox sends. */
export function parseTabMessage(data: unknown): TabMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  if (message['type'] === 'settled' && typeof message['randomSeed'] === 'string') {
    return { type: 'settled', randomSeed: message['randomSeed'], ...(message['failed'] === true ? { failed: true } : {}) };
  }
  if (message['type'] === 'kept' && isOutboxRecord(message['record'])) return { type: 'kept', record: message['record'] };
  return undefined;
}

/** Checks the shape of a stored or broadcast record. */
export function isOutboxRecord(value: unknown): value is OutboxRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record['seq'] === 'number' &&
    typeof record['randomSeed'] === 'string' &&
    typeof record['method'] === 'string' &&
    typeof record['params'] === 'string' &&
    typeof record['attempts'] === 'number' &&
    (record['owner'] === undefined || typeof record['owner'] === 'string')
  );
}

/** The page's Web Locks and BroadcastChannel for `scope`; undefined where either is missing (the outbox then works per tab). */
export function browserOutboxTabs(scope: string): OutboxTabsOptions | undefined {
  const locks = (globalThis as { navigator?: { locks?: TabLocks } }).navigator?.locks;
  const Channel = (globalThis as { BroadcastChannel?: new (name: string) => TabChannel }).BroadcastChannel;
  if (locks === undefined || Channel === undefined) return undefined;
  return { scope, locks, openChannel: (name) => new Channel(name) };
}
