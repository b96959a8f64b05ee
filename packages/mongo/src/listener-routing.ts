import type { DocumentChange } from './change-event';
import { idKey } from './document-id';

/** Index key of a value for routing; must agree with how drivers key their selector values. */
export function routingKey(value: unknown): string {
  return idKey(value);
}

/** What the index needs to know about a listener (see ChangeStreamListener). */
export interface RoutedListener {
  /** A top-level field the listener's selector pins to literal values, or null. */
  readonly routingField: string | null;
  /** Index keys of those values (see `routingKey`). */
  readonly routingValues: readonly string[];
  /** True when any change anywhere in the collection may matter (e.g. skip windows). */
  readonly wantsEveryChange: boolean;
}

/**
 * Which listeners a change may concern, without testing every listener against every change:
 * those that want every change, those without a pinned field, those holding the document, and
 * those whose pinned field has the document's value (CPU per write stays flat as unrelated
 * observers grow).
 */
export class ListenerRouting<L extends RoutedListener> {
  readonly #listeners = new Set<L>();
  readonly #everyChange = new Set<L>();
  readonly #unrouted = new Set<L>();
  readonly #byValue = new Map<string, Map<string, Set<L>>>();
  readonly #owners = new Map<string, Set<L>>();

  get size(): number {
    return this.#listeners.size;
  }

  all(): L[] {
    return [...this.#listeners];
  }

  add(listener: L): void {
    this.#listeners.add(listener);
    if (listener.wantsEveryChange) this.#everyChange.add(listener);
    else if (listener.routingField === null) this.#unrouted.add(listener);
    else {
      let values = this.#byValue.get(listener.routingField);
      if (!values) this.#byValue.set(listener.routingField, (values = new Map()));
      for (const value of listener.routingValues) {
        let set = values.get(value);
        if (!set) values.set(value, (set = new Set()));
        set.add(listener);
      }
    }
  }

  remove(listener: L): void {
    if (!this.#listeners.delete(listener)) return;
    this.#everyChange.delete(listener);
    this.#unrouted.delete(listener);
    if (listener.routingField !== null) {
      const values = this.#byValue.get(listener.routingField);
      for (const value of listener.routingValues) {
        const set = values?.get(value);
        set?.delete(listener);
        if (set && set.size === 0) values?.delete(value);
      }
      if (values && values.size === 0) this.#byValue.delete(listener.routingField);
    }
  }

  /** The listener holds the document keyed `key`: its updates and deletes reach it. */
  track(listener: L, key: string): void {
    let set = this.#owners.get(key);
    if (!set) this.#owners.set(key, (set = new Set()));
    set.add(listener);
  }

  untrack(listener: L, key: string): void {
    const set = this.#owners.get(key);
    if (!set) return;
    set.delete(listener);
    if (set.size === 0) this.#owners.delete(key);
  }

  targets(change: DocumentChange): Set<L> {
    const targets = new Set<L>(this.#everyChange);
    for (const l of this.#unrouted) targets.add(l);
    const owners = this.#owners.get(change.key);
    if (owners) for (const l of owners) targets.add(l);
    const doc = change.fullDocument;
    if (doc) {
      for (const [field, values] of this.#byValue) {
        const value = doc[field];
        const keys = Array.isArray(value) ? [...value.map(routingKey), routingKey(value)] : [routingKey(value)];
        for (const key of keys) {
          const set = values.get(key);
          if (set) for (const l of set) targets.add(l);
        }
      }
    }
    return targets;
  }
}
