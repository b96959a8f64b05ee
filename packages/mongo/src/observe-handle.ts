import type { ObserveDriverName, ObserveMultiplexer, MultiplexerHandle } from './observe-multiplexer';
import type { ObserveChangesCallbacks } from './observe-callbacks';

/**
 * What `observeChangesAsync` returns. `stop()` is idempotent; stopping the last handle of a
 * multiplexer stops its driver (and releases its share of the collection's change stream).
 */
export class ObserveHandle implements MultiplexerHandle {
  readonly callbacks: ObserveChangesCallbacks;
  readonly nonMutatingCallbacks: boolean;
  readonly #multiplexer: ObserveMultiplexer;
  #stopped = false;

  constructor(multiplexer: ObserveMultiplexer, callbacks: ObserveChangesCallbacks, nonMutatingCallbacks: boolean) {
    this.#multiplexer = multiplexer;
    this.callbacks = callbacks;
    this.nonMutatingCallbacks = nonMutatingCallbacks;
  }

  /** The driver serving this observer ('changeStreams' or 'polling'). */
  get driver(): ObserveDriverName | null {
    return this.#multiplexer.driverName;
  }

  /** Resolves once every change observed so far has been delivered to this handle. */
  flushed(): Promise<void> {
    return this.#multiplexer.flushed();
  }

  get isStopped(): boolean {
    return this.#stopped;
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#multiplexer.removeHandle(this);
  }
}
