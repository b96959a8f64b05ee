import assert from 'node:assert/strict';
import { Crossbar, type WriteNotification } from './crossbar';

const note = (collection: string): WriteNotification => ({ collection, operationTime: null, awaitCommit: false });

describe('Crossbar', () => {
  it('delivers a write only to listeners of that collection', async () => {
    const bar = new Crossbar();
    const seen: string[] = [];
    bar.listen('a', (n) => void seen.push(`a:${n.collection}`));
    bar.listen('b', (n) => void seen.push(`b:${n.collection}`));
    await bar.fire(note('a'));
    assert.deepEqual(seen, ['a:a']);
  });

  it('waits for every listener before resolving fire()', async () => {
    const bar = new Crossbar();
    let finished = false;
    bar.listen('a', async () => {
      await new Promise((r) => setImmediate(r));
      finished = true;
    });
    await bar.fire(note('a'));
    assert.equal(finished, true);
  });

  it('stop() removes the listener and is safe to call twice', async () => {
    const bar = new Crossbar();
    let calls = 0;
    const handle = bar.listen('a', () => void calls++);
    handle.stop();
    handle.stop();
    await bar.fire(note('a'));
    assert.equal(calls, 0);
    assert.equal(bar.listenerCount('a'), 0);
  });
});
