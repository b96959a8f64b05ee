import { MongoClient } from 'mongodb';
import type { StartedChild } from '../server/child-process';
import { startToolChild } from '../server/child-process';
import { throwawayDatabaseUrl } from './throwaway-database';

export type DevDatabase =
  | { readonly state: 'external'; readonly url: string }
  | { readonly state: 'started'; readonly url: string; readonly notice?: string; stop(): Promise<void> }
  | { readonly state: 'unavailable'; readonly reason: string };

/** The database name Meteor's development MongoDB uses (`mongodb://127.0.0.1:3001/meteor`). */
export const DEV_DATABASE_NAME = 'meteor';
/** The name dev databases had before they followed Meteor (the driver's default, `test`). */
const EARLIER_DEV_DATABASE_NAME = 'test';

/**
 * The database for `meteor run` / `meteor test`: MONGO_URL when set, else minimongod in its own
 * process (so it outlives server restarts) on `port`, on disk at `dbPath` or in memory. The app
 * uses the database named `meteor`, as under Meteor, except in an on-disk dev database that
 * already holds data under `test` and none under `meteor`: that one keeps `test`, so the data
 * stays reachable, and `notice` says how to move to the new name (`meteor reset`).
 */
export async function startDevDatabase(env: NodeJS.ProcessEnv, cwd: string, port: number, dbPath: string | undefined): Promise<DevDatabase> {
  const external = env['MONGO_URL'];
  if (external !== undefined && external !== '') return { state: 'external', url: external };
  const child: StartedChild = startToolChild(
    new URL('../server/db-process.ts', import.meta.url),
    { ...env, PERSEID_DB: JSON.stringify({ port, dbPath }) },
    cwd,
  );
  const report = await child.firstReport;
  if (report.type !== 'ready' || report.url === undefined) {
    await child.stop();
    return { state: 'unavailable', reason: report.type === 'error' ? report.message : 'no URL reported' };
  }
  const stop = (): Promise<void> => child.stop();
  if (dbPath !== undefined && (await holdsOnlyEarlierDatabase(report.url))) {
    return {
      state: 'started',
      url: throwawayDatabaseUrl(report.url, EARLIER_DEV_DATABASE_NAME),
      notice: `=> Note: this app's development data is in the database "${EARLIER_DEV_DATABASE_NAME}" (the name dev databases had before they followed Meteor's "${DEV_DATABASE_NAME}"); it stays in use. \`meteor reset\` starts afresh under "${DEV_DATABASE_NAME}".`,
      stop,
    };
  }
  return { state: 'started', url: throwawayDatabaseUrl(report.url, DEV_DATABASE_NAME), stop };
}

async function holdsOnlyEarlierDatabase(serverUrl: string): Promise<boolean> {
  const client = new MongoClient(serverUrl, { serverSelectionTimeoutMS: 5_000 });
  try {
    const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
    const names = new Set(databases.map((d) => d.name));
    return names.has(EARLIER_DEV_DATABASE_NAME) && !names.has(DEV_DATABASE_NAME);
  } catch {
    // A database that cannot list its contents is new to this check: Meteor's name applies.
    return false;
  } finally {
    await client.close();
  }
}
