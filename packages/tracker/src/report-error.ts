import { _debug } from '@perseid/meteor-core';

/**
 * Logs an exception thrown by a computation or afterFlush callback, through Meteor._debug (so
 * tests can silence expected ones with Meteor._suppress_log).
 */
export function logTrackerError(from: 'recompute' | 'afterFlush' | 'async recompute', error: unknown): void {
  _debug(`Exception from Tracker ${from} function:`, error);
}
