import assert from 'node:assert/strict';
import { WriteFence } from './write-fence';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('WriteFence', () => {
  it('fires at once when armed with no writes', async () => {
    const fence = new WriteFence();
    const events: string[] = [];
    fence.onAllCommitted(() => void events.push('fired'));
    await fence.armAndWait();
    assert.deepEqual(events, ['fired']);
    assert.equal(fence.state, 'fired');
  });

  it('waits for every write begun before arming', async () => {
    const fence = new WriteFence();
    const a = fence.beginWrite();
    const b = fence.beginWrite();
    let fired = false;
    fence.onAllCommitted(() => {
      fired = true;
    });
    fence.arm();
    a.committed();
    await tick();
    assert.equal(fired, false);
    b.committed();
    await fence.whenFired();
    assert.equal(fired, true);
  });

  it('does not fire before it is armed, even with every write committed', async () => {
    const fence = new WriteFence();
    fence.beginWrite().committed();
    let fired = false;
    fence.onAllCommitted(() => {
      fired = true;
    });
    await tick();
    assert.equal(fired, false);
    fence.arm();
    await fence.whenFired();
    assert.equal(fired, true);
  });

  it('treats a second committed() of the same write as a no-op', async () => {
    const fence = new WriteFence();
    const a = fence.beginWrite();
    fence.beginWrite();
    a.committed();
    a.committed();
    assert.equal(fence.outstandingWrites, 1);
  });

  it('lets before-fire callbacks add writes that firing then waits for', async () => {
    const fence = new WriteFence();
    const events: string[] = [];
    let late: { committed(): void } | undefined;
    fence.onBeforeFire((f) => {
      events.push('before');
      late = f.beginWrite();
    });
    fence.onAllCommitted(() => void events.push('fired'));
    fence.arm();
    await tick();
    assert.deepEqual(events, ['before']);
    late?.committed();
    await fence.whenFired();
    assert.deepEqual(events, ['before', 'fired']);
  });

  it('keeps running callbacks after one throws, reporting the error', async () => {
    const reported: unknown[] = [];
    const fence = new WriteFence({ reportError: (_m, e) => void reported.push(e) });
    const events: string[] = [];
    fence.onAllCommitted(() => {
      throw new Error('boom');
    });
    fence.onAllCommitted(() => void events.push('second'));
    await fence.armAndWait();
    assert.deepEqual(events, ['second']);
    assert.equal((reported[0] as Error).message, 'boom');
  });

  it('refuses writes and callbacks after firing, and ignores writes once retired', async () => {
    const fence = new WriteFence();
    await fence.armAndWait();
    assert.throws(() => fence.beginWrite(), /too late to add writes/);
    assert.throws(() => fence.onAllCommitted(() => {}), /too late/);
    fence.retire();
    assert.equal(fence.state, 'retired');
    fence.beginWrite().committed();
  });

  it('refuses to retire before firing', () => {
    assert.throws(() => new WriteFence().retire(), /hasn't fired/);
  });
});
