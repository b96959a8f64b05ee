import { createAlea, type AleaSeed } from './alea';
import { RandomGenerator } from './random-generator';

/** A deterministic, not cryptographically strong generator: same seeds, same sequence as Meteor. */
export class AleaRandomGenerator extends RandomGenerator {
  readonly #next: () => number;

  constructor(seeds: readonly AleaSeed[]) {
    super();
    this.#next = createAlea(seeds);
  }

  fraction(): number {
    return this.#next();
  }
}
