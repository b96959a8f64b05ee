import { MeteorError, isClientSafeError } from './meteor-error';

/**
 * Maps anything thrown by server code to what a client may see (Meteor's
 * wrapInternalException): a client-safe error passes (rebuilt as a `MeteorError` if another
 * class made it, keeping its message); otherwise its client-safe `sanitizedError` if it has one
 * (e.g. `Match.Error` becomes `400 Match failed`); otherwise `500 Internal server error`.
 * `reportInternal` is called with the original for every error that was not itself client-safe,
 * so the server can log its stack.
 */
export function toClientError(error: unknown, reportInternal?: (error: unknown) => void): MeteorError {
  if (isClientSafeError(error)) {
    if (error instanceof MeteorError) return error;
    const rebuilt = new MeteorError(error.error, error.reason, error.details);
    if (typeof error.message === 'string') rebuilt.message = error.message;
    return rebuilt;
  }
  reportInternal?.(error);
  const sanitized = typeof error === 'object' && error !== null ? (error as { sanitizedError?: unknown }).sanitizedError : undefined;
  if (isClientSafeError(sanitized)) return toClientError(sanitized);
  return new MeteorError(500, 'Internal server error');
}
