/**
 * A connection waiting out its back-off (which grows to minutes) tries again the moment the
 * browser says the network is back, as Meteor's browser stream does: a phone leaving a tunnel
 * should not wait for the next scheduled attempt. Returns a function that stops listening.
 */
export interface ReconnectTarget {
  status(): { readonly status: string };
  reconnect(): void;
}

export function reconnectWhenOnline(
  connection: ReconnectTarget,
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | undefined = globalThis as unknown as EventTarget,
): () => void {
  if (target === undefined || typeof target.addEventListener !== 'function') return () => {};
  const online = (): void => {
    const state = connection.status().status;
    if (state === 'waiting' || state === 'connecting') connection.reconnect();
  };
  target.addEventListener('online', online);
  return () => target.removeEventListener('online', online);
}
