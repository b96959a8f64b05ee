import { MongoClient, type Db } from 'mongodb';
import { startMinimongod, type MinimongodHandle } from '../src/index';

/**
 * Where the conformance suite runs: a fresh in-memory minimongod, or the real MongoDB replica
 * set named by MINIMONGOD_CONFORMANCE_URL (so the same assertions check fidelity).
 */
export interface ConformanceTarget {
  readonly client: MongoClient;
  readonly url: string;
  readonly isReal: boolean;
  close(): Promise<void>;
}

let dbCounter = 0;

export function uniqueDbName(prefix: string): string {
  dbCounter += 1;
  return `conf_${prefix}_${process.pid}_${Date.now().toString(36)}_${dbCounter}`;
}

export async function openTarget(options: { changeStreamHistory?: number } = {}): Promise<ConformanceTarget> {
  const external = process.env['MINIMONGOD_CONFORMANCE_URL'];
  let server: MinimongodHandle | null = null;
  const url = external ?? (server = await startMinimongod({ quiet: true, ...options })).url;
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  return {
    client,
    url,
    isReal: external !== undefined,
    async close() {
      await client.close();
      await server?.stop();
    },
  };
}

export interface ConformanceSuite {
  /** The server for the whole `describe`. */
  readonly target: ConformanceTarget;
  /** A database of its own for the current test, dropped after it. */
  readonly db: Db;
}

/**
 * Registers the lifecycle every conformance suite shares: one target for the `describe`, a fresh
 * database per test (optionally seeded), dropped afterwards. `beforeDrop` runs first in the
 * teardown, for suites that hold cursors or streams on the database.
 */
export function conformanceSuite(prefix: string, hooks: { seed?(db: Db): Promise<void>; beforeDrop?(): Promise<void> } = {}): ConformanceSuite {
  let target: ConformanceTarget | undefined;
  let db: Db | undefined;
  before(async () => {
    target = await openTarget();
  });
  beforeEach(async () => {
    db = (target as ConformanceTarget).client.db(uniqueDbName(prefix));
    await hooks.seed?.(db);
  });
  afterEach(async () => {
    await hooks.beforeDrop?.();
    await db?.dropDatabase();
  });
  after(async () => {
    await target?.close();
  });
  return {
    get target() {
      if (target === undefined) throw new Error('the conformance target is opened in the suite’s before hook');
      return target;
    },
    get db() {
      if (db === undefined) throw new Error('the conformance database exists only inside a test');
      return db;
    },
  };
}
