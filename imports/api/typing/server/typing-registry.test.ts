import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { TypingRegistry, TYPING_TTL_MS } from '../typing-registry';

/** Timers a test fires by hand. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    setTimeout: (cb: () => void) => {
      pending.set(++next, cb);
      return next;
    },
    clearTimeout: (h: unknown) => void pending.delete(h as number),
    fireAll: () => {
      for (const [id, cb] of [...pending]) {
        pending.delete(id);
        cb();
      }
    },
    get size() {
      return pending.size;
    },
  };
}

describe('TypingRegistry', () => {
  it('announces start once, stop on request, and lapses after the TTL without refresh', () => {
    const timers = manualTimers();
    const registry = new TypingRegistry(timers);
    const events: string[] = [];
    const watch = registry.watch('c1', (e) => events.push(`${e.kind}:${e.userId}`));
    registry.set('c1', 'ana', true);
    registry.set('c1', 'ana', true);
    registry.set('c1', 'bob', true);
    assert.deepEqual(registry.typingIn('c1').sort(), ['ana', 'bob']);
    registry.set('c1', 'bob', false);
    timers.fireAll();
    assert.deepEqual(events, ['started:ana', 'started:bob', 'stopped:bob', 'stopped:ana']);
    assert.deepEqual(registry.typingIn('c1'), []);
    assert.equal(timers.size, 0);
    watch.stop();
    watch.stop();
    assert.ok(TYPING_TTL_MS > 0);
  });
});
