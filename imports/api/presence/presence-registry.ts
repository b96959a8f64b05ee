/** online: some connection is active; away: every connection is idle or hidden. No entry: offline. */
export type PresenceState = 'online' | 'away';

type Listener = (userId: string, state: PresenceState | 'offline') => void;

/**
 * Presence from live connections, in memory: a user is online while any of their connections
 * says so. Connections register through the presence publication, so a closed socket (its
 * subscriptions stop) takes the user offline without any extra bookkeeping.
 */
export class PresenceRegistry {
  readonly #connections = new Map<string, { userId: string; state: PresenceState }>();
  readonly #listeners = new Set<Listener>();

  connect(connectionId: string, userId: string): { stop(): void } {
    const before = this.stateOf(userId);
    this.#connections.set(connectionId, { userId, state: this.#connections.get(connectionId)?.state ?? 'online' });
    this.#notifyIfChanged(userId, before);
    let stopped = false;
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        const current = this.#connections.get(connectionId);
        if (current?.userId !== userId) return;
        const previous = this.stateOf(userId);
        this.#connections.delete(connectionId);
        this.#notifyIfChanged(userId, previous);
      },
    };
  }

  setState(connectionId: string, state: PresenceState): void {
    const entry = this.#connections.get(connectionId);
    if (entry === undefined) return;
    const before = this.stateOf(entry.userId);
    entry.state = state;
    this.#notifyIfChanged(entry.userId, before);
  }

  stateOf(userId: string): PresenceState | 'offline' {
    let result: PresenceState | 'offline' = 'offline';
    for (const entry of this.#connections.values()) {
      if (entry.userId !== userId) continue;
      if (entry.state === 'online') return 'online';
      result = 'away';
    }
    return result;
  }

  /** Every user with at least one connection, and their state. */
  snapshot(): Map<string, PresenceState> {
    const users = new Map<string, PresenceState>();
    for (const { userId } of this.#connections.values()) {
      const state = this.stateOf(userId);
      if (state !== 'offline') users.set(userId, state);
    }
    return users;
  }

  watch(listener: Listener): { stop(): void } {
    this.#listeners.add(listener);
    return { stop: () => void this.#listeners.delete(listener) };
  }

  /** Forgets every connection of a user (deactivation). */
  dropUser(userId: string): void {
    const before = this.stateOf(userId);
    for (const [id, entry] of this.#connections) if (entry.userId === userId) this.#connections.delete(id);
    this.#notifyIfChanged(userId, before);
  }

  #notifyIfChanged(userId: string, before: PresenceState | 'offline'): void {
    const after = this.stateOf(userId);
    if (after === before) return;
    for (const listener of this.#listeners) listener(userId, after);
  }
}

export const presenceRegistry = new PresenceRegistry();
