import { debug } from './debug';
import { MeteorCoreError } from './meteor-core-error';

export type StartupCallback = () => unknown;

/** The minimum of `document` the client side needs to know when the DOM is ready. */
export interface DocumentLike {
  readonly readyState: string;
  addEventListener(type: 'DOMContentLoaded' | 'deviceready', listener: () => void, options?: { once?: boolean }): void;
}

type StartupState = 'waiting' | 'running' | 'started';

/**
 * `Meteor.startup` callbacks. They wait until `run()` (the server boot calls it after loading the
 * app; on the client it is called on DOMContentLoaded), then run in registration order, each
 * awaited. A callback registered once started runs at once.
 *
 * Server (`failFast`): the first failure rejects `run()` (a broken startup must stop the boot).
 * Client: a failure is logged through `Meteor._debug` and the rest still run.
 */
export class StartupQueue {
  readonly #failFast: boolean;
  #state: StartupState = 'waiting';
  #pending: StartupCallback[] = [];
  #running: Promise<void> | undefined;

  constructor(options: { failFast: boolean }) {
    this.#failFast = options.failFast;
  }

  get state(): StartupState {
    return this.#state;
  }

  add(callback: StartupCallback): void {
    if (typeof callback !== 'function') {
      throw new MeteorCoreError('METEOR_BAD_ARGUMENT', 'Meteor.startup expects a function');
    }
    switch (this.#state) {
      case 'waiting':
      case 'running':
        this.#pending.push(callback);
        return;
      case 'started':
        this.#runLate(callback);
        return;
    }
  }

  /** Runs the queued callbacks once; later calls return the same promise. */
  run(): Promise<void> {
    this.#running ??= this.#drain();
    return this.#running;
  }

  async #drain(): Promise<void> {
    this.#state = 'running';
    try {
      // Callbacks may register more callbacks; those join the end of this same run.
      for (let callback = this.#pending.shift(); callback; callback = this.#pending.shift()) {
        try {
          await callback();
        } catch (error) {
          if (this.#failFast) throw error;
          debug('Exception in startup callback:', error);
        }
      }
    } finally {
      this.#state = 'started';
      this.#pending = [];
    }
  }

  #runLate(callback: StartupCallback): void {
    try {
      const result = callback();
      if (result instanceof Promise) result.catch((error: unknown) => debug('Exception in startup callback:', error));
    } catch (error) {
      debug('Exception in startup callback:', error);
    }
  }
}

/** Calls `run` when `doc` has parsed the DOM (now, if it already has). */
export function whenDomReady(doc: DocumentLike | undefined, run: () => void): void {
  if (doc?.readyState !== 'loading') {
    run();
    return;
  }
  doc.addEventListener('DOMContentLoaded', run, { once: true });
}

/**
 * Calls `run` once Cordova's native bridge is up (`deviceready`, which Cordova fires after the
 * DOM is parsed and replays to listeners added late), so startup code can use plugins.
 */
export function whenDeviceReady(doc: DocumentLike | undefined, run: () => void): void {
  if (!doc) {
    run();
    return;
  }
  doc.addEventListener('deviceready', run, { once: true });
}
