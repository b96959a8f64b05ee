import type { Connection } from './connection';

type ReconnectHook = (connection: Connection) => void;

const hooks = new Set<{ fn: ReconnectHook }>();

/**
 * `DDP.onReconnect(fn)`: runs `fn(connection)` whenever a connection starts a new
 * session after losing one, before outstanding methods are re-sent (so a `wait`
 * login goes first). Returns a handle whose stop() is safe to call twice.
 */
export function onReconnect(fn: ReconnectHook): { stop(): void } {
  if (typeof fn !== 'function') throw new TypeError('DDP.onReconnect takes a function');
  const entry = { fn };
  hooks.add(entry);
  return { stop: () => void hooks.delete(entry) };
}

export function runReconnectHooks(connection: Connection, onError: (error: unknown) => void): void {
  for (const { fn } of [...hooks]) {
    try {
      fn(connection);
    } catch (error) {
      onError(error);
    }
  }
}
