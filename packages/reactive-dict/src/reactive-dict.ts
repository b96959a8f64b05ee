import { EJSON, ObjectID } from '@perseid/ejson';
import { Dependency, Tracker } from '@perseid/tracker';
import { registerNamedDict, takeMigratedDict, unregisterNamedDict, type MigratableDict, type SerializedDict } from './dict-migration';

/*
 * Values are stored as EJSON text: a `get` returns a fresh copy (mutating it cannot change the
 * dict), and "did it change?" is a string comparison. Three kinds of dependency:
 *   keyDeps[key]                  get(key): any change of that key
 *   valueDeps[key][serialized]    equals(key, v): only when the key becomes or stops being v
 *   allDeps                       all(): any change at all
 */

const UNDEFINED = 'undefined';

function serialize(value: unknown): string {
  return value === undefined ? UNDEFINED : EJSON.stringify(value);
}

function deserialize(text: string | undefined): unknown {
  return text === undefined || text === UNDEFINED ? undefined : EJSON.parse(text);
}

function isScalar(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date ||
    value instanceof ObjectID
  );
}

/** A reactive key/value store (Meteor's ReactiveDict); named dicts can migrate across reloads. */
export class ReactiveDict<T extends Record<string, unknown> = Record<string, unknown>> implements MigratableDict {
  readonly name: string | undefined;
  #values = new Map<string, string>();
  readonly #keyDeps = new Map<string, Dependency>();
  readonly #valueDeps = new Map<string, Map<string, Dependency>>();
  readonly #allDeps = new Dependency();

  constructor(nameOrData?: string | Partial<T>, initialData?: Partial<T>) {
    if (typeof nameOrData === 'string') {
      if (nameOrData === '') throw new TypeError('ReactiveDict: a name must be a non-empty string');
      registerNamedDict(nameOrData, this);
      this.name = nameOrData;
      const migrated = takeMigratedDict(nameOrData);
      if (migrated) this.#values = new Map(Object.entries(migrated));
      else if (initialData !== undefined) this.#setObject(initialData);
    } else if (nameOrData === undefined || nameOrData === null) {
      this.name = undefined;
      if (initialData !== undefined) this.#setObject(initialData);
    } else if (typeof nameOrData === 'object' && !Array.isArray(nameOrData)) {
      this.name = undefined;
      this.#setObject(nameOrData);
    } else {
      throw new TypeError(`Invalid ReactiveDict argument: ${String(nameOrData)}`);
    }
  }

  /** Sets one key, or every key of an object. Dependents rerun only if the value changed. */
  set<K extends keyof T & string>(key: K, value: T[K]): void;
  set(values: Partial<T>): void;
  set(keyOrObject: string | Partial<T>, value?: unknown): void {
    if (typeof keyOrObject === 'object' && keyOrObject !== null && value === undefined) {
      this.#setObject(keyOrObject);
      return;
    }
    if (typeof keyOrObject !== 'string') throw new TypeError('ReactiveDict.set: key must be a string');
    this.#setOne(keyOrObject, value);
  }

  /** Sets keys that are not set yet (one key, or every key of an object). */
  setDefault<K extends keyof T & string>(key: K, value: T[K]): void;
  setDefault(values: Partial<T>): void;
  setDefault(keyOrObject: string | Partial<T>, value?: unknown): void {
    if (typeof keyOrObject === 'object' && keyOrObject !== null && value === undefined) {
      for (const [key, item] of Object.entries(keyOrObject)) if (!this.#values.has(key)) this.#setOne(key, item);
      return;
    }
    if (typeof keyOrObject !== 'string') throw new TypeError('ReactiveDict.setDefault: key must be a string');
    if (!this.#values.has(keyOrObject)) this.#setOne(keyOrObject, value);
  }

  /** A copy of the value (undefined when unset); reruns the computation when the key changes. */
  get<K extends keyof T & string>(key: K): T[K] | undefined {
    this.#keyDependency(key).depend();
    return deserialize(this.#values.get(key)) as T[K] | undefined;
  }

  /**
   * Whether `key` holds `value` (a scalar: string, number, boolean, null, undefined, Date or
   * ObjectID). Reruns the computation only when the answer can change, not on every change.
   */
  equals<K extends keyof T & string>(key: K, value: T[K] | undefined): boolean {
    if (!isScalar(value)) throw new TypeError('ReactiveDict.equals: value must be scalar');
    const serialized = serialize(value);
    const computation = Tracker.currentComputation;
    if (computation) {
      this.#keyDependency(key);
      const byValue = this.#valueDeps.get(key) as Map<string, Dependency>;
      let dependency = byValue.get(serialized);
      if (!dependency) {
        dependency = new Dependency();
        byValue.set(serialized, dependency);
      }
      const tracked = dependency;
      if (tracked.depend()) {
        // Forget value dependencies nobody watches, so memory does not grow with every value ever compared.
        computation.onInvalidate(() => {
          if (!tracked.hasDependents() && byValue.get(serialized) === tracked) byValue.delete(serialized);
        });
      }
    }
    return EJSON.equals(deserialize(this.#values.get(key)), value);
  }

  /** Every key and its value; reruns the computation on any change. */
  all(): Partial<T> {
    this.#allDeps.depend();
    const out: Record<string, unknown> = {};
    for (const [key, text] of this.#values) out[key] = deserialize(text);
    return out as Partial<T>;
  }

  /** Removes every key. */
  clear(): void {
    const old = this.#values;
    this.#values = new Map();
    this.#allDeps.changed();
    for (const [key, text] of old) this.#keyChanged(key, text, UNDEFINED);
  }

  /** Removes `key`; returns whether it was set. */
  delete<K extends keyof T & string>(key: K): boolean {
    const old = this.#values.get(key);
    if (old === undefined) return false;
    this.#values.delete(key);
    this.#keyChanged(key, old, UNDEFINED);
    this.#allDeps.changed();
    return true;
  }

  /** Clears the dict and releases its name. Safe to call twice. */
  destroy(): void {
    this.clear();
    if (this.name !== undefined) unregisterNamedDict(this.name, this);
  }

  /** @internal the migration registry reads contents through this */
  serialize(): SerializedDict {
    return Object.fromEntries(this.#values);
  }

  #setObject(values: Partial<T> | Record<string, unknown>): void {
    for (const [key, value] of Object.entries(values)) this.#setOne(key, value);
  }

  #setOne(key: string, value: unknown): void {
    const next = serialize(value);
    const previous = this.#values.get(key);
    if (previous === next) return;
    this.#values.set(key, next);
    this.#allDeps.changed();
    this.#keyChanged(key, previous ?? UNDEFINED, next);
  }

  #keyChanged(key: string, previous: string, next: string): void {
    this.#keyDeps.get(key)?.changed();
    const byValue = this.#valueDeps.get(key);
    byValue?.get(previous)?.changed();
    byValue?.get(next)?.changed();
  }

  #keyDependency(key: string): Dependency {
    let dependency = this.#keyDeps.get(key);
    if (!dependency) {
      dependency = new Dependency();
      this.#keyDeps.set(key, dependency);
      this.#valueDeps.set(key, new Map());
    }
    return dependency;
  }
}
