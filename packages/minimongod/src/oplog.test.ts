import assert from 'node:assert/strict';
import { LogicalClock } from './logical-clock';
import { Oplog, type DurableSink } from './oplog';
import type { OplogEntry } from './oplog-entry';

function insert(ts: bigint, id: number): OplogEntry {
  return { op: 'insert', ts, ns: { db: 'd', coll: 'c' }, doc: { _id: id } };
}

describe('Oplog', () => {
  it('keeps a bounded history and raises its floor as old events go', () => {
    const clock = new LogicalClock(() => 1000);
    const oplog = new Oplog({ clock, historyLimit: 3 });
    const times: bigint[] = [];
    for (let i = 0; i < 5; i += 1) {
      const ts = clock.tick();
      times.push(ts);
      oplog.commit(insert(ts, i));
    }
    assert.deepEqual(
      oplog.since(0n).map((e) => e.ts),
      times.slice(2),
    );
    assert.equal(oplog.floor, times[1]);
    assert.deepEqual(
      oplog.since(times[3] as bigint).map((e) => e.ts),
      [times[4]],
    );
  });

  it('publishes only durable entries, in commit order, and holds the high-water mark below them', async () => {
    const clock = new LogicalClock(() => 1000);
    let release: () => void = () => undefined;
    const appended: OplogEntry[] = [];
    const sink: DurableSink = {
      append: (e) => appended.push(e),
      sync: () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    };
    const oplog = new Oplog({ clock, sink });
    let wakeups = 0;
    const stop = oplog.listen(() => {
      wakeups += 1;
      return 'waiting';
    });
    const t1 = clock.tick();
    oplog.commit(insert(t1, 1));
    const t2 = clock.tick();
    oplog.commit(insert(t2, 2));
    assert.equal(oplog.since(0n).length, 0, 'nothing visible before fsync');
    assert.equal(oplog.highWater(), t1 - 1n);
    const durable = oplog.durable();
    release();
    await durable;
    assert.deepEqual(
      oplog.since(0n).map((e) => e.ts),
      [t1, t2],
    );
    assert.equal(oplog.highWater(), clock.current());
    assert.equal(wakeups, 1);
    stop();
    stop();
    assert.equal(appended.length, 2);
  });
});
