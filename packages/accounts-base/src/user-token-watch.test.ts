import assert from 'node:assert/strict';
import { UserTokenWatches } from './user-token-watch';
import type { WatchUserTokens } from './user-token-watch';

function controllableWatch() {
  const emit = new Map<string, (live: ReadonlySet<string> | null) => void>();
  const stopped: string[] = [];
  const watch: WatchUserTokens = async (userId, onTokens) => {
    emit.set(userId, onTokens);
    return { stop: () => void stopped.push(userId) };
  };
  return { watch, emit, stopped };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('UserTokenWatches', () => {
  it('reports only tokens seen live and then gone, so a stale event cannot close a newer login', async () => {
    const { watch, emit } = controllableWatch();
    const removed: unknown[] = [];
    const watches = new UserTokenWatches(watch, (userId, tokens) => removed.push([userId, tokens === 'all' ? 'all' : [...tokens]]));
    watches.retain('u1');
    await tick();
    emit.get('u1')?.(new Set(['a', 'b']));
    emit.get('u1')?.(new Set(['a']));
    emit.get('u1')?.(new Set(['a']));
    assert.deepEqual(removed, [['u1', ['b']]]);
    emit.get('u1')?.(null);
    assert.deepEqual(removed.at(-1), ['u1', 'all']);
  });

  it('keeps one watch per user while any local connection needs it', async () => {
    const { watch, stopped } = controllableWatch();
    const watches = new UserTokenWatches(watch, () => undefined);
    watches.retain('u1');
    watches.retain('u1');
    watches.release('u1');
    await tick();
    assert.deepEqual(stopped, []);
    watches.release('u1');
    await tick();
    assert.deepEqual(stopped, ['u1']);
    watches.release('u1');
    watches.retain('u2');
    watches.stopAll();
    watches.stopAll();
    await tick();
    assert.deepEqual(stopped, ['u1', 'u2']);
  });
});
