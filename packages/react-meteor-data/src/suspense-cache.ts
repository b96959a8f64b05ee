import { realSuspenseTimers, SuspenseResource, type ResourceWork, type SuspenseTimers } from './suspense-resource';

/**
 * Resources by key, so every component asking for the same thing suspends on, and then
 * holds, the same work. A resource leaves the map when it is dropped.
 */
export class SuspenseCache<V> {
  readonly #resources = new Map<string, SuspenseResource<V>>();
  readonly #timers: SuspenseTimers;

  constructor(timers: SuspenseTimers = realSuspenseTimers) {
    this.#timers = timers;
  }

  /**
   * The live resource for `key`, started with `work` if there is none. A resource whose tag
   * does not fit (`fits(tag)` false) is dropped and replaced.
   */
  obtain(key: string, work: ResourceWork<V>, tag?: unknown, fits: (tag: unknown) => boolean = () => true): SuspenseResource<V> {
    const existing = this.#resources.get(key);
    if (existing !== undefined) {
      if (fits(existing.tag)) return existing;
      existing.drop();
    }
    const resource: SuspenseResource<V> = new SuspenseResource(work, {
      timers: this.#timers,
      tag,
      onDrop: () => {
        if (this.#resources.get(key) === resource) this.#resources.delete(key);
      },
    });
    this.#resources.set(key, resource);
    return resource;
  }

  peek(key: string): SuspenseResource<V> | undefined {
    return this.#resources.get(key);
  }

  get size(): number {
    return this.#resources.size;
  }
}
