import { MeteorError } from '@perseid/meteor-core';
import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';

/**
 * The database went away under a write (connection closed, pool cleared, no server to select):
 * the write may or may not have been applied. The driver has already made its one retryable-
 * write attempt by then.
 */
export function isConnectionLoss(error: unknown): boolean {
  return error instanceof MongoNetworkError || error instanceof MongoServerSelectionError;
}

/** The client-visible error of a write the database outage made fail (a Meteor.Error, code stable). */
export const DATABASE_UNAVAILABLE = 'database-unavailable';

export function databaseUnavailable(outcome: 'not-applied' | 'unknown'): MeteorError {
  return new MeteorError(
    DATABASE_UNAVAILABLE,
    outcome === 'not-applied'
      ? 'The database is unavailable: the write was not applied'
      : 'The database connection was lost during the write: it may or may not have been applied',
  );
}
