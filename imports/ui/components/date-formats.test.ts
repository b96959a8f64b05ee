import assert from 'node:assert/strict';
import { formatDay, formatTime } from './date-formats';

describe('date formats of the message list', () => {
  const dates = ['2026-03-01T00:05:00', '2026-07-14T13:45:59', '2025-12-31T23:59:00', '2024-02-29T09:00:00'].map((iso) => new Date(iso));
  const now = new Date('2026-08-01T12:00:00');

  it('formats a row’s time as toLocaleTimeString with hours and minutes does', () => {
    for (const date of dates) assert.equal(formatTime(date), date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }));
  });

  it('formats a day as toLocaleDateString does, with the year only for another year', () => {
    for (const date of dates) {
      const year = date.getFullYear() !== now.getFullYear() ? ({ year: 'numeric' } as const) : {};
      assert.equal(formatDay(date, now), date.toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric', ...year }));
    }
    assert.match(formatDay(new Date('2025-12-31T10:00:00'), now), /2025/);
    assert.doesNotMatch(formatDay(new Date('2026-03-01T10:00:00'), now), /2026/);
  });
});
