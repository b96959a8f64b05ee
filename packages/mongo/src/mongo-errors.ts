/**
 * The one catalogue of errors thrown by the server side of `@perseid/mongo`.
 * Codes are stable strings: tests and callers match on `code`, never on the message text.
 */
export type MongoErrorCode =
  | 'mongo.invalid-collection-name'
  | 'mongo.invalid-selector'
  | 'mongo.invalid-modifier'
  | 'mongo.invalid-document'
  | 'mongo.invalid-options'
  | 'mongo.invalid-callbacks'
  | 'mongo.unsupported-cursor'
  | 'mongo.no-database'
  | 'mongo.driver-closed'
  | 'mongo.invalid-reactivity-order'
  | 'mongo.client-only'
  | 'mongo.sync-api-on-server'
  /** The method replay log's database did not answer in time: the call ran without the log. */
  | 'mongo.replay-log-timeout';

export class PerseidMongoError extends Error {
  readonly code: MongoErrorCode;

  constructor(code: MongoErrorCode, message: string) {
    super(`[${code}] ${message}`);
    this.name = 'PerseidMongoError';
    this.code = code;
  }
}

export function isPerseidMongoError(value: unknown, code?: MongoErrorCode): value is PerseidMongoError {
  return value instanceof PerseidMongoError && (code === undefined || value.code === code);
}
