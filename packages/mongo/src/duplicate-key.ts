/**
 * True when `error` is MongoDB's E11000 (a unique index refused the write), optionally only for
 * the index on `field`. Check-then-act races are settled by unique indexes: the loser of a race
 * lands here and answers as if it had lost the check. Pure, so client code (method stubs shared
 * with the server) may import it too.
 */
export function isDuplicateKeyError(error: unknown, field?: string): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { code, keyPattern, message } = error as { code?: unknown; keyPattern?: unknown; message?: unknown };
  if (code !== 11000) return false;
  if (field === undefined) return true;
  if (keyPattern !== null && typeof keyPattern === 'object') return Object.hasOwn(keyPattern, field);
  // Servers that omit keyPattern still name the index (`<field>_1`) in the message.
  return typeof message === 'string' && message.includes(` index: ${field}_`);
}
