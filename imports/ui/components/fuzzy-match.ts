/**
 * Scores `text` against what someone typed, as quick switchers do: every typed character must
 * appear in order (case-insensitive); a match scores higher when it starts the text, starts a
 * word, or runs on from the previous character, and when the text is shorter. null: no match.
 * Cost: at most the query's length times the text's (names and channel names are short).
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.trim().toLowerCase();
  if (q.length === 0) return 0;
  const t = text.toLowerCase();
  let score = 0;
  let at = 0;
  let previous = -2;
  for (const ch of q) {
    if (ch === ' ') continue;
    // Prefer the next word start holding this character over its first occurrence.
    let found = -1;
    for (let i = at; i < t.length; i++) {
      if (t[i] !== ch) continue;
      if (found === -1) found = i;
      if (i === previous + 1) {
        found = i;
        break;
      }
      if (isWordStart(t, i)) {
        found = i;
        break;
      }
    }
    if (found === -1) return null;
    score += 1;
    if (found === 0) score += 8;
    else if (isWordStart(t, found)) score += 5;
    if (found === previous + 1) score += 6;
    previous = found;
    at = found + 1;
  }
  return score - t.length * 0.01;
}

function isWordStart(text: string, i: number): boolean {
  const before = text[i - 1];
  return i === 0 || before === ' ' || before === '-' || before === '_' || before === '.' || before === '@' || before === ',';
}

/** The items matching `query`, best first (ties keep their given order), at most `limit`. */
export function fuzzyFilter<T>(items: readonly T[], query: string, textOf: (item: T) => string, limit: number): T[] {
  const scored: { item: T; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    const score = fuzzyScore(query, textOf(item));
    if (score !== null) scored.push({ item, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.slice(0, limit).map((s) => s.item);
}
