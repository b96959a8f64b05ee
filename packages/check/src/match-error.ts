import { MeteorError } from '@perseid/meteor-core';

/**
 * Thrown by `check` when a value does not match. `message` is Meteor's text, e.g.
 * `Match error: Expected string, got number in field a.b[0]`; `path` is the failing key path
 * (empty at the top level). Sent over DDP it becomes `sanitizedError`, `400 Match failed`, so
 * clients learn that validation failed without seeing the server's patterns.
 */
export class MatchError extends Error {
  readonly errorType = 'Match.Error' as const;
  readonly sanitizedError = new MeteorError(400, 'Match failed');
  path: string;

  constructor(message: string, path = '') {
    super(`Match error: ${message}${path ? ` in field ${path}` : ''}`);
    this.path = path;
  }
}
