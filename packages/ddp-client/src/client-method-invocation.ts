import type { MethodInvocationContext } from '@perseid/ddp-common';
import { RandomStream } from '@perseid/random';

export interface ClientMethodInvocationOptions {
  readonly name: string;
  readonly userId: string | null;
  readonly isFromCallAsync: boolean;
  setUserId(userId: string | null): void;
  /** Creates (once) the seed sent with the method; ids drawn from it match the server's. */
  randomSeed(): string;
}

/**
 * `this` inside a client stub: the same shape a server method sees, with
 * `isSimulation` true. Passing it to RandomStream.get (as the collection does) draws ids
 * from the method's `randomSeed`.
 */
export class ClientMethodInvocation implements MethodInvocationContext {
  readonly isSimulation = true;
  readonly name: string;
  readonly userId: string | null;
  readonly isFromCallAsync: boolean;
  readonly connection = null;
  readonly #options: ClientMethodInvocationOptions;
  /** RandomStream reads this lazily; calling it is what creates the seed. */
  readonly randomSeed: () => string;

  constructor(options: ClientMethodInvocationOptions) {
    this.#options = options;
    this.name = options.name;
    this.userId = options.userId;
    this.isFromCallAsync = options.isFromCallAsync;
    this.randomSeed = () => options.randomSeed();
  }

  setUserId(userId: string | null): void {
    this.#options.setUserId(userId);
  }

  /** Nothing to unblock on the client; kept so shared method code runs unchanged. */
  unblock(): void {}

  /** The seeded generator for `name` (e.g. `/collection/messages`). */
  randomStream(name: string) {
    return RandomStream.get(this, name);
  }
}
