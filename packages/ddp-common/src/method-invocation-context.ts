import type { RandomGenerator, RandomStreamScope } from '@perseid/random';

/**
 * `this` inside a method, the same shape on both sides (Meteor's DDPCommon.MethodInvocation):
 * the server's real run and a client stub differ in `isSimulation` and in what `connection` is,
 * so method code shared by both can be typed once.
 */
export interface MethodInvocationContext extends RandomStreamScope {
  /** True in a client stub, false in the server's run. */
  readonly isSimulation: boolean;
  readonly name: string;
  readonly userId: string | null;
  /** The calling client's connection on the server; null in a stub and for server-side calls. */
  readonly connection: unknown;
  /** Lets the connection's next message start before this method returns (nothing to do in a stub). */
  unblock(): void;
  setUserId(userId: string | null): void | Promise<void>;
  /** The `name` sequence of this invocation's seeded random stream: ids the server and the stub agree on. */
  randomStream(name: string): RandomGenerator;
}
