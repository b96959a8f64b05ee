/**
 * Watches the login tokens of the users logged in on this server, so a token removed by another
 * server process (logout elsewhere, password change, an admin edit) closes the connections here
 * that were using it. One watch per user with local connections, stopped with the last one.
 */

/** Reports the user's live hashed tokens on every change; null once the user is gone. */
export type WatchUserTokens = (userId: string, onTokens: (live: ReadonlySet<string> | null) => void) => Promise<{ stop(): void }>;

interface Watch {
  refs: number;
  handle: Promise<{ stop(): void } | null>;
  /** Tokens seen live; only tokens seen and then gone count as removed (a stale event can't close a new login). */
  seen: Set<string>;
}

export class UserTokenWatches {
  readonly #watches = new Map<string, Watch>();
  readonly #watch: WatchUserTokens;
  readonly #onRemoved: (userId: string, removed: ReadonlySet<string> | 'all') => void;

  constructor(watch: WatchUserTokens, onRemoved: (userId: string, removed: ReadonlySet<string> | 'all') => void) {
    this.#watch = watch;
    this.#onRemoved = onRemoved;
  }

  retain(userId: string): void {
    const existing = this.#watches.get(userId);
    if (existing !== undefined) {
      existing.refs += 1;
      return;
    }
    const entry: Watch = { refs: 1, seen: new Set(), handle: Promise.resolve(null) };
    entry.handle = this.#watch(userId, (live) => this.#changed(userId, entry, live)).catch((error: unknown) => {
      console.error('accounts: watching login tokens failed', error);
      return null;
    });
    this.#watches.set(userId, entry);
  }

  release(userId: string): void {
    const entry = this.#watches.get(userId);
    if (entry === undefined) return;
    entry.refs -= 1;
    if (entry.refs > 0) return;
    this.#watches.delete(userId);
    void entry.handle.then((handle) => handle?.stop());
  }

  /** Stops every watch; safe to call twice. */
  stopAll(): void {
    for (const entry of this.#watches.values()) void entry.handle.then((handle) => handle?.stop());
    this.#watches.clear();
  }

  #changed(userId: string, entry: Watch, live: ReadonlySet<string> | null): void {
    if (this.#watches.get(userId) !== entry) return;
    if (live === null) {
      this.#onRemoved(userId, 'all');
      return;
    }
    const removed = new Set([...entry.seen].filter((token) => !live.has(token)));
    entry.seen = new Set(live);
    if (removed.size > 0) this.#onRemoved(userId, removed);
  }
}

interface ObservableCursor {
  observeChangesAsync(callbacks: {
    added?: (id: string, fields: Record<string, unknown>) => void;
    changed?: (id: string, fields: Record<string, unknown>) => void;
    removed?: (id: string) => void;
  }): Promise<{ stop(): void }>;
}

function isObservableCursor(value: unknown): value is ObservableCursor {
  return typeof value === 'object' && value !== null && typeof (value as { observeChangesAsync?: unknown }).observeChangesAsync === 'function';
}

function tokensIn(services: unknown): Set<string> {
  const tokens = (services as { resume?: { loginTokens?: unknown } } | undefined)?.resume?.loginTokens;
  const live = new Set<string>();
  if (Array.isArray(tokens)) {
    for (const token of tokens) {
      const hashed = (token as { hashedToken?: unknown } | null)?.hashedToken;
      if (typeof hashed === 'string') live.add(hashed);
    }
  }
  return live;
}

/** The watch over a users collection's live query (observeChangesAsync), when it has one. */
export function observeUserTokens(find: (selector: Record<string, unknown>, options: { fields: Record<string, 0 | 1> }) => unknown): WatchUserTokens {
  return async (userId, onTokens) => {
    const cursor = find({ _id: userId }, { fields: { 'services.resume.loginTokens': 1 } });
    if (!isObservableCursor(cursor)) return { stop() {} };
    return cursor.observeChangesAsync({
      added: (_id, fields) => onTokens(tokensIn(fields.services)),
      changed: (_id, fields) => {
        if ('services' in fields) onTokens(tokensIn(fields.services));
      },
      removed: () => onTokens(null),
    });
  };
}
