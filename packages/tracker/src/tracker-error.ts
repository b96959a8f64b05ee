/** Stable codes for Tracker misuse. */
export type TrackerErrorCode =
  | 'TRACKER_FLUSH_REENTRANT'
  | 'TRACKER_FLUSH_IN_COMPUTATION'
  | 'TRACKER_PRIVATE_CONSTRUCTOR'
  | 'TRACKER_NO_CURRENT_COMPUTATION'
  | 'TRACKER_BAD_ARGUMENT';

export class TrackerError extends Error {
  override readonly name = 'TrackerError';
  readonly code: TrackerErrorCode;

  constructor(code: TrackerErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function requireFunction(value: unknown, message: string): void {
  if (typeof value !== 'function') throw new TrackerError('TRACKER_BAD_ARGUMENT', message);
}
