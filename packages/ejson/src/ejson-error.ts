/** Stable codes for everything EJSON refuses; callers branch on `code`, never on the message. */
export type EJSONErrorCode =
  | 'ejson.not-a-string'
  | 'ejson.invalid-json'
  | 'ejson.bad-value'
  | 'ejson.unknown-type'
  | 'ejson.type-exists'
  | 'ejson.bad-type-definition'
  | 'ejson.circular'
  | 'ejson.too-deep'
  | 'ejson.unserializable'
  | 'ejson.bad-object-id';

/** The one error class the ejson package throws. */
export class EJSONError extends Error {
  override readonly name = 'EJSONError';
  readonly code: EJSONErrorCode;

  constructor(code: EJSONErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
