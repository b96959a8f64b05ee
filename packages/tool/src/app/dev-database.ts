import type { StartedChild } from '../server/child-process';
import { startToolChild } from '../server/child-process';

export type DevDatabase =
  | { readonly state: 'external'; readonly url: string }
  | { readonly state: 'started'; readonly url: string; stop(): Promise<void> }
  | { readonly state: 'unavailable'; readonly reason: string };

/**
 * The database for `meteor run` / `meteor test`: MONGO_URL when set, else minimongod in its own
 * process (so it outlives server restarts) on `port`, on disk at `dbPath` or in memory.
 */
export async function startDevDatabase(env: NodeJS.ProcessEnv, cwd: string, port: number, dbPath: string | undefined): Promise<DevDatabase> {
  const external = env['MONGO_URL'];
  if (external !== undefined && external !== '') return { state: 'external', url: external };
  const child: StartedChild = startToolChild(new URL('../server/db-process.ts', import.meta.url), { ...env, PERSEID_DB: JSON.stringify({ port, dbPath }) }, cwd);
  const report = await child.firstReport;
  if (report.type === 'ready' && report.url !== undefined) return { state: 'started', url: report.url, stop: () => child.stop() };
  await child.stop();
  return { state: 'unavailable', reason: report.type === 'error' ? report.message : 'no URL reported' };
}
