import type { Collection, Document } from 'mongodb';
import { monoMs, runAtRate, runLoad, summariseLatencies, toMonoMs } from './measure';
import { spawnWatcher } from './spawn-watcher';

/** Where the watcher's event loop runs: beside the writers, or in a process of its own. */
export type WatcherPlacement = 'writers-process' | 'own-process';

/** Closed loop: every caller inserts again as soon as its previous insert is acknowledged. */
export type WriteLoad = { readonly kind: 'closed-loop' } | { readonly kind: 'at-rate'; readonly perSec: number };

type Quantiles = { readonly p50: number; readonly p99: number; readonly n: number };

export interface DeliveryFigures {
  readonly placement: WatcherPlacement;
  readonly load: WriteLoad;
  readonly achievedPerSec: number;
  /** At a rate: inserts whose start waited for a free caller. */
  readonly startedLate: number;
  /** At a rate: how late inserts were called after their due time (the pacer's timer slack). */
  readonly callLate: { readonly p50: number; readonly p99: number };
  /** Insert call → acknowledgement. */
  readonly insert: Quantiles;
  /** At a rate: the insert's due time → the watcher's change event (counts the pacer's slack). */
  readonly fromDue: Quantiles;
  /** Insert call → the watcher's change event. */
  readonly fromCall: Quantiles;
  /** Insert acknowledgement → the watcher's change event (negative: the event came first). */
  readonly fromAck: Quantiles;
}

/**
 * Insert probes (negative `seq`, which the measurement ignores) until the watcher reports one:
 * only then is its stream known to be open, so no measured write can precede it.
 */
async function probeUntil(coll: Collection<Document>, opened: Promise<void>): Promise<void> {
  let state: 'probing' | 'open' = 'probing';
  void opened.then(() => {
    state = 'open';
  });
  for (let probe = -1; state === 'probing'; probe -= 1) {
    await coll.insertOne({ seq: probe });
    await Promise.race([opened, new Promise((r) => setTimeout(r, 20))]);
  }
}

/**
 * `concurrency` writers insert `total` documents into `coll` (closed loop or at a fixed offered
 * rate); one change stream on `coll`, placed as asked, records when each insert's event arrives.
 * All times are CLOCK_MONOTONIC, so the two processes' stamps compare directly.
 */
export async function measureDelivery(
  url: string,
  coll: Collection<Document>,
  options: { placement: WatcherPlacement; load: WriteLoad; total: number; concurrency: number },
): Promise<DeliveryFigures> {
  const { placement, load, total, concurrency } = options;
  const dueAtOf = new Float64Array(total);
  const calledAt = new Float64Array(total);
  const ackedAt = new Float64Array(total);
  let collect: () => Promise<Map<number, number>>;
  let stop: () => Promise<void>;
  let opened: Promise<void>;
  switch (placement) {
    case 'writers-process': {
      const stream = coll.watch([], { maxAwaitTimeMS: 1000 });
      const seen = new Map<number, number>();
      let markOpen: () => void = () => undefined;
      opened = new Promise((resolve) => {
        markOpen = resolve;
      });
      let complete: () => void = () => undefined;
      const all = new Promise<void>((resolve) => {
        complete = resolve;
      });
      stream.on('change', (event) => {
        const at = monoMs();
        if (event.operationType !== 'insert') return;
        const seq = event.fullDocument['seq'];
        if (typeof seq !== 'number') return;
        if (seq < 0) markOpen();
        else seen.set(seq, at);
        if (seen.size === total) complete();
      });
      collect = async () => {
        await all;
        return seen;
      };
      stop = () => stream.close();
      break;
    }
    case 'own-process': {
      const watcher = spawnWatcher(url, coll.dbName, coll.collectionName);
      opened = watcher.ready;
      collect = async () => new Map([...(await watcher.collect(total))].map(([seq, at]) => [seq, toMonoMs(at)]));
      stop = () => watcher.stop();
      break;
    }
    default: {
      const never: never = placement;
      throw new Error(`unknown placement ${String(never)}`);
    }
  }
  try {
    await probeUntil(coll, opened);
    const insert = async (i: number, dueAt: number): Promise<void> => {
      dueAtOf[i] = dueAt;
      calledAt[i] = monoMs();
      await coll.insertOne({ seq: i, body: 'hello' });
      ackedAt[i] = monoMs();
    };
    let achievedPerSec: number;
    let startedLate = 0;
    let callLate = { p50: Number.NaN, p99: Number.NaN };
    switch (load.kind) {
      case 'closed-loop':
        achievedPerSec = (await runLoad(total, concurrency, (i) => insert(i, monoMs()))).opsPerSec;
        break;
      case 'at-rate': {
        const run = await runAtRate(total, load.perSec, concurrency, insert);
        achievedPerSec = run.achievedPerSec;
        startedLate = run.startedLate;
        callLate = { p50: run.lateP50, p99: run.lateP99 };
        break;
      }
      default: {
        const never: never = load;
        throw new Error(`unknown load ${String(never)}`);
      }
    }
    const seen = await collect();
    const fromDue: number[] = [];
    const fromCall: number[] = [];
    const fromAck: number[] = [];
    const insertLatency: number[] = [];
    for (let i = 0; i < total; i += 1) {
      insertLatency.push((ackedAt[i] as number) - (calledAt[i] as number));
      const at = seen.get(i);
      if (at === undefined) continue;
      fromDue.push(at - (dueAtOf[i] as number));
      fromCall.push(at - (calledAt[i] as number));
      fromAck.push(at - (ackedAt[i] as number));
    }
    return {
      placement,
      load,
      achievedPerSec,
      startedLate,
      callLate,
      insert: summariseLatencies(insertLatency),
      fromDue: summariseLatencies(fromDue),
      fromCall: summariseLatencies(fromCall),
      fromAck: summariseLatencies(fromAck),
    };
  } finally {
    await stop();
  }
}
