import { startApp } from './app-process';
import type { RunningApp } from './app-process';

let shared: Promise<RunningApp> | undefined;

/**
 * One `meteor run` (development mode, as `npm start`) shared by the test files that do not
 * disturb the server, so the suite pays the start-up and first compile once. Stopped by a
 * root-level hook after the last file; tests keep apart by signing up unique users. The test
 * settings lift the per-address connection and sign-up limits, which a whole suite signing up
 * from one loopback address would otherwise reach.
 */
export function sharedApp(): Promise<RunningApp> {
  shared ??= startApp({ settings: 'tests/settings.json' });
  return shared;
}

after(async function () {
  this.timeout(60_000);
  if (shared === undefined) return;
  const app = await shared.catch(() => undefined);
  await app?.stop();
});
