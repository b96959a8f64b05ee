/** A Meteor.Error code: a namespaced string (`'messages.send.notMember'`) or an HTTP-like number. */
export type MeteorErrorCode = string | number;

/**
 * `Meteor.Error`, the only error a client ever sees. `message` is Meteor's format,
 * `reason [error]` (or `[error]` without a reason), so logs look the same as in Meteor.
 */
export class MeteorError extends Error {
  readonly errorType = 'Meteor.Error' as const;
  readonly isClientSafe = true as const;
  readonly error: MeteorErrorCode;
  readonly reason: string | undefined;
  readonly details: unknown;

  constructor(error: MeteorErrorCode, reason?: string, details?: unknown) {
    super(reason ? `${reason} [${error}]` : `[${error}]`);
    this.error = error;
    this.reason = reason;
    this.details = details;
  }

  /** A new error with the same code, reason and details (Meteor's EJSON-friendly clone). */
  clone(): MeteorError {
    return new MeteorError(this.error, this.reason, this.details);
  }
}

/** The shape a client-safe error has, whichever copy of the class (or plain object) made it. */
export interface ClientSafeErrorLike {
  isClientSafe: true;
  error: MeteorErrorCode;
  reason?: string | undefined;
  details?: unknown;
  message?: string;
}

/** True for a `MeteorError` or anything that declares itself client-safe as Meteor allows. */
export function isClientSafeError(value: unknown): value is ClientSafeErrorLike {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ClientSafeErrorLike>;
  return candidate.isClientSafe === true && (typeof candidate.error === 'string' || typeof candidate.error === 'number');
}
