import type { AleaSeed } from './alea';
import { Random } from './random';
import type { RandomGenerator } from './random-generator';

/** A seed item; functions are called once, when the first sequence is derived. */
export type StreamSeed = AleaSeed | (() => AleaSeed);

/**
 * What a scope (in practice a method invocation) offers: the `randomSeed` the client sent, if any.
 * The stream built from it is remembered per scope object, so every `RandomStream.get` during
 * one invocation continues the same sequences.
 */
export interface RandomStreamScope {
  readonly randomSeed?: StreamSeed | readonly StreamSeed[] | null | undefined;
}

const streamsByScope = new WeakMap<RandomStreamScope, RandomStream>();

function randomToken(): string {
  return Random.hexString(20);
}

/**
 * Named, independently seeded random sequences (Meteor's DDPCommon.RandomStream). The sequence
 * called `name` is Alea seeded with `[...seed, name]`, so a client stub and the server running
 * the same method with the same `randomSeed` draw the same ids even if they interleave names
 * differently.
 */
export class RandomStream {
  readonly seed: readonly StreamSeed[];
  readonly #sequences = new Map<string, RandomGenerator>();

  constructor(options: { seed?: StreamSeed | readonly StreamSeed[] | null | undefined } = {}) {
    const { seed } = options;
    // Meteor uses `seed || randomToken()`: any falsy seed means "unseeded", keep that.
    if (Array.isArray(seed)) this.seed = [...(seed as readonly StreamSeed[])];
    else if (seed) this.seed = [seed as StreamSeed];
    else this.seed = [randomToken()];
  }

  /** The generator for `name`, created on first use. */
  sequence(name: string): RandomGenerator {
    let generator = this.#sequences.get(name);
    if (generator === undefined) {
      const seeds = [...this.seed, name].map((item) => (typeof item === 'function' ? item() : item));
      generator = Random.createWithSeeds(...seeds);
      this.#sequences.set(name, generator);
    }
    return generator;
  }

  /**
   * The `name` sequence (default `"default"`) of `scope`'s stream. Without a scope the result is
   * the strong `Random`, which cannot be reproduced on the other side: that is Meteor's behaviour
   * for code running outside a method.
   */
  static get(scope: RandomStreamScope | null | undefined, name?: string): RandomGenerator {
    const streamName = name || 'default';
    if (!scope) return Random;
    let stream = streamsByScope.get(scope);
    if (stream === undefined) {
      stream = new RandomStream({ seed: scope.randomSeed });
      streamsByScope.set(scope, stream);
    }
    return stream.sequence(streamName);
  }
}

/**
 * The `randomSeed` a client attaches to a method call: 20 hex characters from the enclosing
 * invocation's `/rpc/<method>` sequence, so nested calls from a stub are reproducible too.
 */
export function makeRpcSeed(enclosing: RandomStreamScope | null | undefined, methodName: string): string {
  return RandomStream.get(enclosing, `/rpc/${methodName}`).hexString(20);
}
