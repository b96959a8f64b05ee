import { Channels } from '../collection';
import type { Channel } from '../collection';

/** Change callbacks of one channel document, as `observeChangesAsync` calls them. */
export interface ChannelWatchCallbacks {
  added(id: string, fields: Record<string, unknown>): void;
  changed(id: string, fields: Record<string, unknown>): void;
  removed(id: string): void;
}

/** Starts watching one channel document: its current fields first, then each change. */
export type ChannelWatch = (channelId: string, callbacks: ChannelWatchCallbacks) => Promise<{ stop(): void }>;

export interface LiveChannelCacheOptions {
  /** Channels kept at most (the least recently asked for is let go); each holds one observer. */
  readonly maxChannels?: number;
  readonly watch?: ChannelWatch;
}

interface Entry {
  doc: Channel | undefined;
  handle: { stop(): void } | undefined;
  stopped: boolean;
  readonly ready: Promise<boolean>;
}

const DEFAULT_MAX_CHANNELS = 256;

const watchChannel: ChannelWatch = (channelId, callbacks) => Channels.find({ _id: channelId }).observeChangesAsync(callbacks);

/**
 * Channel documents this server has recently sent messages to, kept live by an observer each, so
 * a send checks membership in memory instead of reading the channel before its insert. Such an
 * answer lags the database by the change stream's delay (milliseconds; on this server, none
 * after a method's `updated`, as its write fence waits for these observers too), so callers
 * trust it only to go ahead, never to refuse, and confirm it with a write after their own
 * (messages.send: the channel's `lastMessageAt`, matched on the membership).
 */
export class LiveChannelCache {
  /** In order of last use: the first is the next to be let go. */
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;
  readonly #watch: ChannelWatch;
  #stopped = false;

  constructor(options: LiveChannelCacheOptions = {}) {
    const max = options.maxChannels ?? DEFAULT_MAX_CHANNELS;
    if (!Number.isInteger(max) || max < 1) throw new RangeError('LiveChannelCache: maxChannels must be a positive integer');
    this.#max = max;
    this.#watch = options.watch ?? watchChannel;
  }

  /** Channels held now (for tests and metrics). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The channel as this server last saw it; undefined when it does not exist, or could not be
   * watched (the caller reads the database instead). The first ask for a channel starts its
   * observer, whose initial read is the one read it costs.
   */
  async get(channelId: string): Promise<Channel | undefined> {
    if (this.#stopped) return undefined;
    let entry = this.#entries.get(channelId);
    if (entry === undefined) entry = this.#start(channelId);
    else {
      this.#entries.delete(channelId);
      this.#entries.set(channelId, entry);
    }
    return (await entry.ready) ? entry.doc : undefined;
  }

  /** Lets every channel go and keeps none from now on. Safe to call twice. */
  stop(): void {
    this.#stopped = true;
    for (const id of [...this.#entries.keys()]) this.#drop(id);
  }

  #start(channelId: string): Entry {
    const entry: Entry = {
      doc: undefined,
      handle: undefined,
      stopped: false,
      ready: this.#watch(channelId, {
        added: (id, fields) => {
          entry.doc = { ...fields, _id: id } as Channel;
        },
        changed: (_id, fields) => {
          if (entry.doc === undefined) return;
          const next: Record<string, unknown> = { ...entry.doc };
          // An undefined value is a field the change removed.
          for (const [key, value] of Object.entries(fields)) {
            if (value === undefined) delete next[key];
            else next[key] = value;
          }
          entry.doc = next as unknown as Channel;
        },
        removed: () => {
          entry.doc = undefined;
        },
      }).then(
        (handle) => {
          entry.handle = handle;
          if (entry.stopped) handle.stop();
          return !entry.stopped;
        },
        () => {
          // Not watched, so not kept: the next ask tries again.
          if (this.#entries.get(channelId) === entry) this.#entries.delete(channelId);
          return false;
        },
      ),
    };
    this.#entries.set(channelId, entry);
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      this.#drop(oldest);
    }
    return entry;
  }

  #drop(channelId: string): void {
    const entry = this.#entries.get(channelId);
    if (entry === undefined) return;
    this.#entries.delete(channelId);
    entry.stopped = true;
    entry.doc = undefined;
    entry.handle?.stop();
  }
}
