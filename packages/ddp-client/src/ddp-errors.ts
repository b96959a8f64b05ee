import { MeteorError } from '@perseid/meteor-core';
import type { DdpErrorObject } from '@perseid/ddp-protocol';

/**
 * The DDP client's error catalogue. Method and subscription failures reach app code as
 * `MeteorError` (the only client-safe error); these codes are the client's own.
 */
export const DdpClientErrorCode = {
  /** A `noRetry` method was in flight when the connection dropped. */
  invocationFailed: 'invocation-failed',
  /** The connection was closed for good (version negotiation failed, or closed by the app). */
  connectionClosed: 'ddp.connection-closed',
} as const;

export type DdpClientErrorCode = (typeof DdpClientErrorCode)[keyof typeof DdpClientErrorCode];

/** A method or subscription error as the server sent it. */
export function meteorErrorFromWire(error: DdpErrorObject): MeteorError {
  return new MeteorError(error.error, error.reason, error.details);
}

export function invocationFailedError(): MeteorError {
  return new MeteorError(
    DdpClientErrorCode.invocationFailed,
    'Method invocation might have failed due to dropped connection. Failing because `noRetry` option was passed to Meteor.apply.',
  );
}
