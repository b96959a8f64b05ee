import { MongoClient } from 'mongodb';
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
