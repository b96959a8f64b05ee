import type { MeteorError } from '@perseid/meteor-core';
import { createDependency, type ReactiveDependency } from './reactivity';

export interface SubscriptionCallbacks {
  onReady?: () => void;
  /** Called once when the subscription ends: with the error if the server stopped it with one. */
  onStop?: (error?: MeteorError) => void;
}

/** The handle `subscribe` returns. `stop()` is safe to call more than once. */
export interface SubscriptionHandle {
  readonly subscriptionId: string;
  stop(): void;
  /** Reactive. */
  ready(): boolean;
}

/**
 * A subscription the client holds. `state` is what the server said: `pending` until
 * `ready`, `ready`, or `stopped` once removed. `inactive` marks a sub whose computation
 * re-runs: if the new run asks for the same thing it is reused, otherwise stopped.
 */
export class SubscriptionRecord {
  state: 'pending' | 'ready' | 'stopped' = 'pending';
  inactive = false;
  /** Sent to the current session. */
  sent = false;
  readonly readyDep: ReactiveDependency = createDependency();

  constructor(
    readonly id: string,
    readonly name: string,
    readonly params: readonly unknown[],
    public callbacks: SubscriptionCallbacks,
  ) {}

  get ready(): boolean {
    return this.state === 'ready';
  }
}
