import assert from 'node:assert/strict';
import { addStats, formatSummaryLine, parseTestStats } from './test-stats';

describe('test stats', () => {
  it('formats the one summary line, adding skipped only when there are some', () => {
    assert.equal(formatSummaryLine({ passed: 3, failed: 0, skipped: 0 }), '3 passed, 0 failed');
    assert.equal(formatSummaryLine({ passed: 3, failed: 1, skipped: 2 }), '3 passed, 1 failed, 2 skipped');
  });

  it('sums stages', () => {
    assert.deepEqual(addStats({ passed: 1, failed: 2, skipped: 3 }, { passed: 10, failed: 20, skipped: 30 }), { passed: 11, failed: 22, skipped: 33 });
  });

  it('rejects malformed counts from a child', () => {
    assert.equal(parseTestStats(null), undefined);
    assert.equal(parseTestStats({ passed: 1, failed: -1, skipped: 0 }), undefined);
    assert.equal(parseTestStats({ passed: '1', failed: 0, skipped: 0 }), undefined);
    assert.deepEqual(parseTestStats({ passed: 1, failed: 0, skipped: 0, extra: true }), { passed: 1, failed: 0, skipped: 0 });
  });
});
