/**
 * Whether an `updateAsync` matched any document. Conditional updates answer "did the condition
 * hold at write time" with this, in place of a read before the write.
 */
export function matchedAny(result: number | { numberAffected: number }): boolean {
  return (typeof result === 'number' ? result : result.numberAffected) > 0;
}
