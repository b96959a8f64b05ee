/** Stable codes for programmer and configuration errors raised by meteor-core itself. */
export type MeteorCoreErrorCode =
  | 'METEOR_SETTINGS_INVALID_JSON'
  | 'METEOR_SETTINGS_NOT_OBJECT'
  | 'METEOR_RUNTIME_CONFIG_INVALID'
  | 'METEOR_TEST_MODE_INVALID'
  | 'METEOR_NO_ROOT_URL'
  | 'METEOR_BAD_ARGUMENT';

/**
 * Raised for misuse (a non-function callback) and bad configuration (unparseable
 * METEOR_SETTINGS). Never sent to clients: only `MeteorError` crosses that boundary.
 */
export class MeteorCoreError extends Error {
  override readonly name = 'MeteorCoreError';
  readonly code: MeteorCoreErrorCode;

  constructor(code: MeteorCoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
