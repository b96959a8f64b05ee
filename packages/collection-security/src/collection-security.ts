import { AllowDenyRules } from './allow-deny';
import type { AllowDenyOptions, Doc } from './allow-deny';
import { mutationMethods } from './mutation-methods';
import type { MutableCollection, MutationMethod } from './mutation-methods';

export interface SecuredCollectionOptions {
  transform?: ((doc: Doc) => unknown) | null;
}

/** Where mutation methods get registered: the DDP server's `methods`. */
export interface MutationMethodRegistrar {
  methods(map: Record<string, MutationMethod>): void;
}

/**
 * The allow/deny hook: every server collection is secured once (its mutation methods
 * registered, refusing all client writes until an allow rule exists); `allow`/`deny` then
 * add rules. One instance per DDP server.
 */
export class CollectionSecurity {
  readonly #registrar: MutationMethodRegistrar;
  readonly #rules = new WeakMap<object, AllowDenyRules>();

  constructor(registrar: MutationMethodRegistrar) {
    this.#registrar = registrar;
  }

  /** Registers the collection's mutation methods (idempotent) and returns its rules. */
  secure(collection: MutableCollection, options: SecuredCollectionOptions = {}): AllowDenyRules {
    const existing = this.#rules.get(collection);
    if (existing !== undefined) return existing;
    const rules = new AllowDenyRules({ transform: options.transform ?? null });
    this.#rules.set(collection, rules);
    this.#registrar.methods(mutationMethods(collection, rules));
    return rules;
  }

  allow<D = Doc>(collection: MutableCollection, options: AllowDenyOptions<D>): void {
    this.secure(collection).allow(options);
  }

  deny<D = Doc>(collection: MutableCollection, options: AllowDenyOptions<D>): void {
    this.secure(collection).deny(options);
  }
}
