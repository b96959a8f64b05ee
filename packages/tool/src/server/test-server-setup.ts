/**
 * Setup module of the `meteor test` server process (loaded by the mocha child before the test
 * files): boots the app server in test mode from `PERSEID_BOOT` so client tests and DDP
 * clients can reach it; `teardown()` stops it once the client tests are done.
 */
import { BOOT_ENV, parseBootOptions } from './boot-options';
import { bootServer } from './boot-server';
import { registerAppRootImports } from './app-root-imports';

const options = parseBootOptions(process.env[BOOT_ENV]);
await registerAppRootImports(options.root);
const booted = await bootServer(options);

export async function teardown(): Promise<void> {
  await booted.stop();
}
