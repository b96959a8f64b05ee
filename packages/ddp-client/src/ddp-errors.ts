import { MeteorError } from '@perseid/meteor-core';

/**
 * The DDP client's error catalogue. Method and subscription failures reach app code as
 * `MeteorError` (the only client-safe error); these codes are the client's own.
 */
export const DdpClientErrorCode = {
  /** A `noRetry` method was in flight when the connection dropped. */
  invocationFailed: 'invocation-failed',
  /** The app closed the connection while the call was waiting for the server. */
  connectionClosed: 'ddp.connection-closed',
  /** A kept call was replayed on several page loads and never answered: the outbox dropped it. */
  outboxGaveUp: 'ddp.outbox-gave-up',
  /** A call shown from another tab was sent after its showing had ended (released or answered). */
  shownCallEnded: 'ddp.shown-call-ended',
} as const;

export type DdpClientErrorCode = (typeof DdpClientErrorCode)[keyof typeof DdpClientErrorCode];

export function invocationFailedError(): MeteorError {
  return new MeteorError(
    DdpClientErrorCode.invocationFailed,
    'Method invocation might have failed due to dropped connection. Failing because `noRetry` option was passed to Meteor.apply.',
  );
}

export function connectionClosedError(): MeteorError {
  return new MeteorError(DdpClientErrorCode.connectionClosed, 'The connection was closed before the server answered');
}

export function outboxGaveUpError(attempts: number): MeteorError {
  return new MeteorError(DdpClientErrorCode.outboxGaveUp, `The call was sent on ${attempts} page loads without an answer; it was dropped`);
}

export function shownCallEndedError(method: string): MeteorError {
  return new MeteorError(
    DdpClientErrorCode.shownCallEnded,
    `The call of '${method}' shown from another tab was already released or answered; it is not sent from here`,
  );
}
