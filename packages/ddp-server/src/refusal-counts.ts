/**
 * How many calls, subscriptions and WebSocket upgrades this server refused for going too fast:
 * the rate-limiter hook threw (method, subscription) or the per-address admission answered 429
 * (connection). Plain counters on the refusal paths only; the metrics endpoint reads them.
 */
export type RefusalKind = 'method' | 'subscription' | 'connection';

export class RefusalCounts {
  method = 0;
  subscription = 0;
  connection = 0;

  count(kind: RefusalKind): void {
    this[kind] += 1;
  }
}
