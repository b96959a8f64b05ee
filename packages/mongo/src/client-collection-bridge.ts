import { PerseidMongoError } from './mongo-errors';

/**
 * Where `new Mongo.Collection(null)` and `new Mongo.Collection(name, { connection })` go on the
 * server: the connection-backed client collection (src/client-collection.ts, engineer F).
 * Until that file exists this refuses clearly instead of pretending.
 */
export function createClientCollection(name: string | null, _options: unknown): object {
  throw new PerseidMongoError(
    'mongo.client-only',
    `collection ${name === null ? '(unnamed)' : JSON.stringify(name)} needs the client collection, which is not available yet`,
  );
}
