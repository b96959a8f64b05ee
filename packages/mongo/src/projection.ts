import { MinimongoError, compileProjection as compileMinimongoProjection } from '@perseid/minimongo';
import { PerseidMongoError } from './mongo-errors';
import type { MongoDocument } from './document-id';

/** Meteor's `fields` / MongoDB's `projection`: all inclusions or all exclusions (plus `_id`). */
export type Projection = Record<string, 0 | 1 | boolean>;

export type ProjectFn = (doc: MongoDocument) => MongoDocument;

/**
 * Compiles a projection with minimongo's rules (the ones client caches use); a bad one throws
 * `mongo.invalid-options`. No projection returns documents as they are (drivers never mutate them).
 */
export function compileProjection(projection: Projection | undefined): ProjectFn {
  if (!projection || Object.keys(projection).length === 0) return (doc) => doc;
  try {
    return compileMinimongoProjection(projection) as ProjectFn;
  } catch (error) {
    if (error instanceof MinimongoError) throw new PerseidMongoError('mongo.invalid-options', error.message);
    throw error;
  }
}
