/** Counts one test runner reports; stages sum them into the single summary line. */
export interface TestStats {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export const EMPTY_STATS: TestStats = { passed: 0, failed: 0, skipped: 0 };

export function addStats(a: TestStats, b: TestStats): TestStats {
  return { passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped };
}

/** The one summary line every test run ends with: `N passed, N failed[, N skipped]`. */
export function formatSummaryLine(stats: TestStats): string {
  const base = `${stats.passed} passed, ${stats.failed} failed`;
  return stats.skipped > 0 ? `${base}, ${stats.skipped} skipped` : base;
}

/** Types stats received from a child process or a file; anything malformed is `undefined`. */
export function parseTestStats(raw: unknown): TestStats | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const record = raw as Record<string, unknown>;
  const { passed, failed, skipped } = record;
  if (!isCount(passed) || !isCount(failed) || !isCount(skipped)) return undefined;
  return { passed, failed, skipped };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
