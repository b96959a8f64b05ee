/** Who is typing where, kept in memory only: typing never touches the database. */
export interface TypingTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

type Listener = (event: { kind: 'started' | 'stopped'; userId: string }) => void;

interface Entry {
  expiry: unknown;
}

/** A typing flag lapses on its own if the client stops refreshing it (closed tab, lost network). */
export const TYPING_TTL_MS = 6000;

export class TypingRegistry {
  readonly #channels = new Map<string, Map<string, Entry>>();
  readonly #listeners = new Map<string, Set<Listener>>();

  readonly #timers: TypingTimers;

  constructor(timers: TypingTimers = { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) }) {
    this.#timers = timers;
  }

  set(channelId: string, userId: string, typing: boolean): void {
    const users = this.#channels.get(channelId) ?? new Map<string, Entry>();
    this.#channels.set(channelId, users);
    const existing = users.get(userId);
    if (existing !== undefined) this.#timers.clearTimeout(existing.expiry);
    if (!typing) {
      if (existing !== undefined) {
        users.delete(userId);
        this.#emit(channelId, { kind: 'stopped', userId });
      }
      return;
    }
    users.set(userId, { expiry: this.#timers.setTimeout(() => this.set(channelId, userId, false), TYPING_TTL_MS) });
    if (existing === undefined) this.#emit(channelId, { kind: 'started', userId });
  }

  typingIn(channelId: string): string[] {
    return [...(this.#channels.get(channelId)?.keys() ?? [])];
  }

  /** Listens to one channel; returns a stop() safe to call twice. */
  watch(channelId: string, listener: Listener): { stop(): void } {
    const set = this.#listeners.get(channelId) ?? new Set<Listener>();
    this.#listeners.set(channelId, set);
    set.add(listener);
    return {
      stop: () => {
        set.delete(listener);
        if (set.size === 0) this.#listeners.delete(channelId);
      },
    };
  }

  /** Clears every flag and its timer (tests, shutdown). */
  clear(): void {
    for (const users of this.#channels.values()) for (const entry of users.values()) this.#timers.clearTimeout(entry.expiry);
    this.#channels.clear();
  }

  #emit(channelId: string, event: Parameters<Listener>[0]): void {
    for (const listener of this.#listeners.get(channelId) ?? []) listener(event);
  }
}

export const typingRegistry = new TypingRegistry();
