/**
 * The one error type minimongo throws. Messages follow Meteor's minimongo wording so code and
 * tests written against Meteor keep recognising them; `code` is the stable, machine-readable part.
 */
export const MINIMONGO_ERROR_CODES = [
  'minimongo.bad-selector',
  'minimongo.bad-modifier',
  'minimongo.bad-projection',
  'minimongo.bad-sort',
  'minimongo.bad-document',
  'minimongo.duplicate-id',
  'minimongo.bad-options',
  'minimongo.bad-state',
] as const;

export type MinimongoErrorCode = (typeof MINIMONGO_ERROR_CODES)[number];

export class MinimongoError extends Error {
  override readonly name = 'MinimongoError';
  readonly code: MinimongoErrorCode;
  /** The document field the error is about, when there is one (Meteor appends it to the message). */
  readonly field: string | undefined;

  constructor(code: MinimongoErrorCode, message: string, field?: string) {
    super(field === undefined ? message : `${message} for field '${field}'`);
    this.code = code;
    this.field = field;
  }
}
