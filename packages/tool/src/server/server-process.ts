/**
 * Entry of the app's server child process (`meteor run`, `meteor test`): boots from
 * `PERSEID_BOOT`, reports `{ type: 'ready', port }` or `{ type: 'error', code, message }` to
 * the parent over IPC, and stops cleanly on SIGTERM/SIGINT.
 */
import { isToolError } from '../tool-error';
import { BOOT_ENV, parseBootOptions } from './boot-options';
import { bootServer } from './boot-server';
import { registerAppRootImports } from './app-root-imports';

try {
  const options = parseBootOptions(process.env[BOOT_ENV]);
  registerAppRootImports(options.root);
  const booted = await bootServer(options);
  process.send?.({ type: 'ready', port: booted.port });
  const shutdown = (): void => {
    void booted.stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.on('disconnect', shutdown);
} catch (error) {
  if (isToolError(error)) {
    process.send?.({ type: 'error', code: error.code, message: error.message });
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.send?.({ type: 'error', code: 'server.crashed', message: error instanceof Error ? error.message : String(error) });
  }
  process.exit(1);
}
