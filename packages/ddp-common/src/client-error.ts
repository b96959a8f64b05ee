/**
 * The one boundary between what server code throws and what a client may see, in both forms a
 * client meets it: a `MeteorError` (a method called on the server itself, a client stub) and the
 * DDP `error` object sent in `result` and `nosub` (decoded back into a `MeteorError` by the client).
 */
import type { DdpErrorObject } from '@perseid/ddp-protocol';
import { MeteorError, isClientSafeError, type MeteorErrorCode } from '@perseid/meteor-core';

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
    // A look-alike is not typed by its maker: a reason that is not a string is not sent.
    const rebuilt = new MeteorError(error.error, typeof error.reason === 'string' ? error.reason : undefined, error.details);
    if (typeof error.message === 'string') rebuilt.message = error.message;
    return rebuilt;
  }
  reportInternal?.(error);
  const sanitized = typeof error === 'object' && error !== null ? (error as { sanitizedError?: unknown }).sanitizedError : undefined;
  if (isClientSafeError(sanitized)) return toClientError(sanitized);
  return new MeteorError(500, 'Internal server error');
}

/** The DDP error object for `thrown`, through `toClientError`. */
export function toWireError(thrown: unknown, reportInternal?: (error: unknown) => void): DdpErrorObject {
  const error = toClientError(thrown, reportInternal);
  const out: DdpErrorObject = { error: error.error, errorType: 'Meteor.Error' };
  if (error.reason !== undefined) out.reason = error.reason;
  out.message = error.message;
  if (error.details !== undefined) out.details = error.details;
  return out;
}

/** A DDP error object built directly, for a refusal that has no thrown value to log. */
export function clientError(error: MeteorErrorCode, reason: string, details?: unknown): DdpErrorObject {
  return toWireError(new MeteorError(error, reason, details));
}

/** A method or subscription error as the server sent it. */
export function meteorErrorFromWire(error: DdpErrorObject): MeteorError {
  return new MeteorError(error.error, error.reason, error.details);
}
