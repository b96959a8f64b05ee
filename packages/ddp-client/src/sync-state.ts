/**
 * The connection as a person should be told about it (reactive, for useTracker):
 *
 *   connecting          the first attempt of this page (or after a drop) is under way
 *   connected           the server is there and has answered every call
 *   waiting-for-server  the server is there but calls still await their answer (a replayed
 *                       outbox, a slow method): what is shown is partly a guess
 *   offline             no server: the browser says it is offline, or attempts keep failing
 */
import type { ConnectionStatus } from './connection-status';
import { createDependency } from './reactivity';

export type SyncState = 'connected' | 'connecting' | 'offline' | 'waiting-for-server';

export interface SyncStateSource {
  status(): ConnectionStatus;
  unansweredCalls(): number;
}

const browserOnlineDep = createDependency();
let listening = false;

/** Reactive: false when the browser reports no network (`navigator.onLine`); true elsewhere. */
export function browserOnline(): boolean {
  const target = globalThis as { addEventListener?: (type: string, fn: () => void) => void; navigator?: { onLine?: boolean } };
  if (!listening && typeof target.addEventListener === 'function') {
    listening = true;
    target.addEventListener('online', () => browserOnlineDep.changed());
    target.addEventListener('offline', () => browserOnlineDep.changed());
  }
  browserOnlineDep.depend();
  return target.navigator?.onLine !== false;
}

export function syncState(connection: SyncStateSource): SyncState {
  const status = connection.status();
  if (status.status === 'connected') return connection.unansweredCalls() > 0 ? 'waiting-for-server' : 'connected';
  if (!browserOnline()) return 'offline';
  // A first attempt is "connecting"; once attempts have failed, the person is offline until one succeeds.
  if (status.status === 'connecting' && status.retryCount === 0) return 'connecting';
  return 'offline';
}
