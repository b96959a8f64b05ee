/**
 * The one catalogue of server errors. Codes and code names are MongoDB's, because the driver
 * (and the runtime above it) classifies failures by them: e.g. 43 makes a change stream resume,
 * 11000 becomes a duplicate-key error. Codes with driver side effects (10107, 91, 20…) are
 * deliberately absent.
 */
export const ERROR_CODES = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  TypeMismatch: 14,
  Overflow: 15,
  InvalidLength: 16,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  MaxTimeMSExpired: 50,
  DollarPrefixedFieldName: 52,
  NotSingleValueField: 54,
  EmptyFieldName: 56,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  TransactionTooOld: 225,
  InvalidResumeToken: 260,
  OperationNotSupportedInTransaction: 263,
  ChangeStreamFatalError: 280,
  ChangeStreamHistoryLost: 286,
  Location10334: 10334,
  DuplicateKey: 11000,
  Location31253: 31253,
  Location31254: 31254,
  Location40324: 40324,
} as const;

export type ErrorCodeName = keyof typeof ERROR_CODES;

/** A failure that becomes `{ ok: 0, code, codeName, errmsg }` on the wire. */
export class CommandError extends Error {
  readonly code: number;
  readonly codeName: ErrorCodeName;
  readonly labels: readonly string[];
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(codeName: ErrorCodeName, message: string, options: { labels?: readonly string[]; extra?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'CommandError';
    this.codeName = codeName;
    this.code = ERROR_CODES[codeName];
    this.labels = options.labels ?? [];
    this.extra = options.extra ?? {};
  }

  toReply(): Record<string, unknown> {
    const reply: Record<string, unknown> = {
      ok: 0,
      errmsg: this.message,
      code: this.code,
      codeName: this.codeName,
      ...this.extra,
    };
    if (this.labels.length > 0) reply['errorLabels'] = [...this.labels];
    return reply;
  }

  /** The per-index entry of a write command's `writeErrors`. */
  toWriteError(index: number): Record<string, unknown> {
    return { index, code: this.code, codeName: this.codeName, errmsg: this.message, ...this.extra };
  }
}

/** Anything thrown that is not a CommandError is a bug or a library failure: report it, keep serving. */
export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CommandError('BadValue', message);
}
