import type { Subscription } from './subscription';

/**
 * What a publish handler may return (alone or in an array): ddp-server never imports
 * @perseid/mongo, it only calls this seam. `_publishCursor` feeds `sub.added/changed/removed` for
 * the cursor's documents (initial ones before it resolves) and resolves to a handle the
 * subscription stops when it ends.
 *
 * To let sessions share encoded frames, pass the same `fields` object to every subscription fed
 * by one change, and never mutate it afterwards.
 */
export interface PublishableCursor {
  _getCollectionName(): string;
  _publishCursor(sub: Subscription): Promise<{ stop(): void }>;
}

export function isPublishableCursor(value: unknown): value is PublishableCursor {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate['_publishCursor'] === 'function' && typeof candidate['_getCollectionName'] === 'function';
}
