import assert from 'node:assert/strict';
import { LogicalClock, fromTimestamp, toTimestamp } from './logical-clock';

describe('LogicalClock', () => {
  it('ticks strictly upward even when the wall clock steps back', () => {
    let now = 10_000;
    const clock = new LogicalClock(() => now);
    const a = clock.tick();
    const b = clock.tick();
    now = 5_000;
    const c = clock.tick();
    now = 20_000;
    const d = clock.tick();
    assert.ok(a < b && b < c && c < d);
    assert.equal(Number(d >> 32n), 20);
    assert.equal(Number(d & 0xffffffffn), 1);
  });

  it('never goes below a recovered time, and converts to and from BSON Timestamps', () => {
    const clock = new LogicalClock(() => 0);
    const recovered = (50n << 32n) | 7n;
    clock.advanceTo(recovered);
    assert.equal(clock.current(), recovered);
    assert.ok(clock.tick() > recovered);
    assert.equal(fromTimestamp(toTimestamp(recovered)), recovered);
  });
});
