import { environmentBackend } from './environment-backend';

/**
 * A dynamically scoped value (Meteor.EnvironmentVariable): `withValue(v, fn)` makes `get()`
 * return `v` for everything `fn` runs, and restores the outer value afterwards. Values nest and
 * never leak between concurrent scopes under the server backend.
 */
export class EnvironmentVariable<T> {
  readonly #slot = Symbol('EnvironmentVariable');

  /** The current value, or undefined outside any `withValue`. */
  get(): T | undefined {
    return environmentBackend().current().get(this.#slot) as T | undefined;
  }

  /** Meteor's name for `get()` from the Fibers era; `null` instead of undefined when unset. */
  getOrNullIfOutsideFiber(): T | null {
    const value = this.get();
    return value === undefined ? null : value;
  }

  /** Runs `fn` with this variable set to `value`; returns what `fn` returns (a promise included). */
  withValue<R>(value: T, fn: () => R): R {
    if (typeof fn !== 'function') throw new TypeError('EnvironmentVariable.withValue expects a function');
    const backend = environmentBackend();
    const next = new Map(backend.current());
    next.set(this.#slot, value);
    return backend.run(next, fn);
  }
}
