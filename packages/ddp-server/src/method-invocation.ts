/**
 * `this` inside a server method (Meteor's DDPCommon.MethodInvocation, server side).
 */
import type { MethodInvocationContext } from '@perseid/ddp-common';
import { RandomStream } from '@perseid/random';
import type { ConnectionHandle } from './connection-handle';

export interface MethodInvocationOptions {
  name: string;
  userId: string | null;
  connection: ConnectionHandle | null;
  randomSeed: unknown;
  setUserId?: (userId: string | null) => void | Promise<void>;
  unblock?: () => void;
}

export class MethodInvocation implements MethodInvocationContext {
  /** Always false on the server: this is the real run, not a client stub. */
  readonly isSimulation = false;
  readonly name: string;
  readonly connection: ConnectionHandle | null;
  readonly randomSeed: string | undefined;
  #userId: string | null;
  readonly #setUserId: ((userId: string | null) => void | Promise<void>) | undefined;
  readonly #unblock: (() => void) | undefined;
  #calledSetUserId = false;

  constructor(options: MethodInvocationOptions) {
    this.name = options.name;
    this.connection = options.connection;
    this.#userId = options.userId;
    // RandomStream seeds must be strings or numbers; other JSON values are treated as absent.
    this.randomSeed = typeof options.randomSeed === 'string' ? options.randomSeed : undefined;
    this.#setUserId = options.setUserId;
    this.#unblock = options.unblock;
  }

  get userId(): string | null {
    return this.#userId;
  }

  /** Whether `setUserId` ran (accounts uses it to tell a login apart). */
  get calledSetUserId(): boolean {
    return this.#calledSetUserId;
  }

  /** Lets the session start the client's next message before this method returns. */
  unblock(): void {
    this.#unblock?.();
  }

  /** Changes the connection's user; every subscription re-runs and the client gets the diff. */
  async setUserId(userId: string | null): Promise<void> {
    if (userId !== null && typeof userId !== 'string') throw new TypeError('setUserId must be called on a string or null');
    if (this.#setUserId === undefined) throw new Error("Can't call setUserId in a method not called from a client connection");
    this.#calledSetUserId = true;
    this.#userId = userId;
    await this.#setUserId(userId);
  }

  /** The `name` sequence of this invocation's seeded random stream. */
  randomStream(name: string) {
    return RandomStream.get(this, name);
  }
}
