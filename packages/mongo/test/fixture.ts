import { startMinimongod } from '@perseid/minimongod';
import { Mongo, RemoteCollectionDriver, type RemoteCollectionDriverOptions } from '../src/index';

export interface Database {
  readonly url: string;
  driver(options?: RemoteCollectionDriverOptions): RemoteCollectionDriver;
  stop(): Promise<void>;
}

const quiet = (): void => undefined;

/** One in-memory minimongod per suite, reached through the official driver. */
export async function startDatabase(): Promise<Database> {
  const server = await startMinimongod({ port: 0, quiet: true });
  const drivers: RemoteCollectionDriver[] = [];
  return {
    url: server.url,
    driver(options = {}) {
      const d = new RemoteCollectionDriver(server.url, { log: quiet, changeStreamMaxAwaitMs: 200, ...options });
      drivers.push(d);
      return d;
    },
    async stop() {
      for (const d of drivers) await d.close();
      await server.stop();
    },
  };
}

let counter = 0;
/** A fresh collection name per test, so tests never see each other's documents. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}`;
}

export function collection<T = Record<string, unknown>>(driver: RemoteCollectionDriver, prefix: string, options = {}): Mongo.Collection<T> {
  return new Mongo.Collection<T>(uniqueName(prefix), { _driver: driver, ...options });
}
