import { clientMeteorApi } from '@perseid/ddp-client';
import { useTracker } from './use-tracker';

/**
 * Subscribes for as long as the component is mounted (and its arguments stay the same);
 * returns `isLoading()`, true until the subscription is ready. A falsy name subscribes
 * to nothing and is never loading.
 */
export function useSubscribe(name: string | null | undefined | false, ...args: unknown[]): () => boolean {
  if (name && typeof name !== 'string') throw new TypeError('useSubscribe: the publication name must be a string');
  const ready = useTracker(() => (name ? clientMeteorApi.subscribe(name, ...args).ready() : true), [name, ...args]);
  return () => !ready;
}
