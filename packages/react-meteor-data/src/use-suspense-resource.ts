import { useEffect, useReducer, useSyncExternalStore } from 'react';
import type { SuspenseCache } from './suspense-cache';
import type { ResourceStatus, ResourceWork } from './suspense-resource';

export interface ResourceRequest<V> {
  /** null: nothing to wait for; the hook returns undefined without suspending. */
  readonly key: string | null;
  readonly work: ResourceWork<V>;
  readonly tag?: unknown;
  readonly fits?: (tag: unknown) => boolean;
}

const NOTHING: ResourceStatus<undefined> = { state: 'ready', value: undefined };
const noSubscription = () => () => {};
const nothing = () => NOTHING;

/**
 * Reads the cached resource for `request.key`: throws its promise while it is pending (the
 * nearest Suspense boundary shows its fallback), throws its error once it failed (the
 * nearest error boundary catches it), and returns its value when ready. A committed
 * component holds the resource until it unmounts or the key changes, and re-renders when
 * the value changes; it never suspends again for a value that changes after the first.
 */
export function useSuspenseResource<V>(cache: SuspenseCache<V>, request: ResourceRequest<V>): V | undefined {
  const { key, work, tag, fits } = request;
  const resource = key === null ? null : cache.obtain(key, work, tag, fits);
  const getStatus: () => ResourceStatus<V | undefined> = resource?.getStatus ?? nothing;
  const status = useSyncExternalStore(resource?.subscribe ?? noSubscription, getStatus, getStatus);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (resource === null || key === null) return undefined;
    const release = resource.hold();
    if (release !== null) return release;
    // Dropped between this render and its commit (left unheld past its TTL): start the
    // work again and render onto the new resource.
    const fresh = cache.obtain(key, work, tag, fits).hold();
    rerender();
    return fresh ?? undefined;
    // `resource` stands for key, work and tag: the cache hands out one resource per key.
  }, [resource]);
  switch (status.state) {
    case 'pending':
      throw status.settled;
    case 'failed':
      throw status.error;
    case 'ready':
      return status.value;
    default:
      return exhaustive(status);
  }
}

function exhaustive(value: never): never {
  throw new Error(`unexpected resource status ${JSON.stringify(value)}`);
}
