import { Dependency } from '@perseid/tracker';

export type EqualsFunction<T> = (oldValue: T, newValue: T) => boolean;

/**
 * Meteor's default: only identical primitives (and identical falsy values) count as unchanged.
 * Objects always count as changed, even the same reference, because they may have been mutated
 * in place before being set again.
 */
export function isEqualPrimitive(oldValue: unknown, newValue: unknown): boolean {
  if (oldValue !== newValue) return false;
  return !oldValue || typeof oldValue === 'number' || typeof oldValue === 'boolean' || typeof oldValue === 'string';
}

/** A single reactive value (Meteor's ReactiveVar). */
export class ReactiveVar<T> {
  #value: T;
  readonly #equals: EqualsFunction<T>;
  readonly #dependency = new Dependency();

  constructor(initialValue: T, equalsFunc?: EqualsFunction<T>) {
    if (equalsFunc !== undefined && typeof equalsFunc !== 'function') {
      throw new TypeError('ReactiveVar: equalsFunc must be a function');
    }
    this.#value = initialValue;
    this.#equals = equalsFunc ?? isEqualPrimitive;
  }

  /** The value; inside a computation, also makes it rerun when the value changes. */
  get(): T {
    this.#dependency.depend();
    return this.#value;
  }

  /** Sets the value; dependents rerun unless the equality function says nothing changed. */
  set(newValue: T): void {
    if (this.#equals(this.#value, newValue)) return;
    this.#value = newValue;
    this.#dependency.changed();
  }

  toString(): string {
    return `ReactiveVar{${String(this.get())}}`;
  }

  /** Whether any computation currently depends on this value (Meteor's `_numListeners() > 0`). */
  hasDependents(): boolean {
    return this.#dependency.hasDependents();
  }
}
