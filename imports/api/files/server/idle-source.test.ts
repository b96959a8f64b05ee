import assert from 'node:assert/strict';
import { BodyIdle, withIdleTimeout } from './idle-source';
import type { IdleTimers } from './idle-source';

/** Timers fired by hand: the test decides when the idle time has passed. */
function manualTimers() {
  const armed = new Map<number, () => void>();
  let nextHandle = 0;
  const timers: IdleTimers = {
    setTimeout: (callback) => {
      nextHandle += 1;
      armed.set(nextHandle, callback);
      return nextHandle;
    },
    clearTimeout: (handle) => void armed.delete(handle as number),
  };
  const fireAll = () => {
    for (const [handle, callback] of [...armed]) {
      armed.delete(handle);
      callback();
    }
  };
  return { timers, armed, fireAll };
}

describe('upload body idle timeout (files)', () => {
  it('rejects a read with BodyIdle once the idle time passes with no chunk, and arms no timer between reads', async () => {
    const { timers, armed, fireAll } = manualTimers();
    let deliver: ((chunk: IteratorResult<Buffer>) => void) | null = null;
    const source: AsyncIterator<Buffer> = { next: () => new Promise((resolve) => (deliver = resolve)) };
    const body = withIdleTimeout(source, 250, timers);

    const first = body.next();
    assert.equal(armed.size, 1);
    // Assigned inside the promise executor, which the compiler's narrowing does not follow.
    const release = deliver as ((chunk: IteratorResult<Buffer>) => void) | null;
    assert.ok(release);
    release({ done: false, value: Buffer.from('a') });
    assert.deepEqual(await first, { done: false, value: Buffer.from('a') });
    assert.equal(armed.size, 0, 'a chunk in time clears its timer');

    const second = body.next();
    fireAll();
    await assert.rejects(second, (error: unknown) => error instanceof BodyIdle && error.idleMs === 250);
  });
});
