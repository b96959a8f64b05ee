/** Stable codes for everything EJSON refuses; callers branch on `code`, never on the message. */
export type EJSONErrorCode =
  | 'EJSON_NOT_A_STRING'
  | 'EJSON_INVALID_JSON'
  | 'EJSON_BAD_VALUE'
  | 'EJSON_UNKNOWN_TYPE'
  | 'EJSON_TYPE_EXISTS'
  | 'EJSON_BAD_TYPE_DEFINITION'
  | 'EJSON_CIRCULAR'
  | 'EJSON_TOO_DEEP'
  | 'EJSON_UNSERIALIZABLE'
  | 'EJSON_BAD_OBJECT_ID';

/** The one error class the ejson package throws. */
export class EJSONError extends Error {
  override readonly name = 'EJSONError';
  readonly code: EJSONErrorCode;

  constructor(code: EJSONErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
