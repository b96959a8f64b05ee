/** Messages between the bench and a watcher process (IPC, JSON-serialisable). */
export type WatcherRequest = { readonly type: 'collect'; readonly count: number } | { readonly type: 'stop' };

export type WatcherReply =
  | { readonly type: 'listening' }
  | { readonly type: 'ready' }
  /** [seq, process.hrtime.bigint() when the change event was emitted, as a decimal string]. */
  | { readonly type: 'events'; readonly seen: Array<[number, string]> };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function parseWatcherRequest(raw: unknown): WatcherRequest {
  if (isObject(raw) && raw['type'] === 'collect' && typeof raw['count'] === 'number') return { type: 'collect', count: raw['count'] };
  if (isObject(raw) && raw['type'] === 'stop') return { type: 'stop' };
  throw new Error(`unexpected watcher request ${JSON.stringify(raw)}`);
}

export function parseWatcherReply(raw: unknown): WatcherReply {
  if (isObject(raw) && (raw['type'] === 'listening' || raw['type'] === 'ready')) return { type: raw['type'] };
  if (isObject(raw) && raw['type'] === 'events' && Array.isArray(raw['seen'])) {
    const seen = raw['seen'].map((pair: unknown): [number, string] => {
      if (!Array.isArray(pair) || typeof pair[0] !== 'number' || typeof pair[1] !== 'string') throw new Error('bad watcher event pair');
      return [pair[0], pair[1]];
    });
    return { type: 'events', seen };
  }
  throw new Error(`unexpected watcher reply ${JSON.stringify(raw)}`);
}
