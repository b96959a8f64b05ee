/**
 * Entry of the app's server child process (`meteor run`): boots from `PERSEID_BOOT`, reports
 * `{ type: 'ready', port }` or `{ type: 'error', code, message }` to the parent over IPC, and
 * stops cleanly on SIGTERM/SIGINT. As a standby (`PERSEID_STANDBY=1`) it first loads the
 * runtime (tsx, globals, Vite) and waits for `{ type: 'go' }`, so a restart only pays for the
 * app's own modules.
 */
import { isToolError } from '../tool-error';
import { BOOT_ENV, parseBootOptions } from './boot-options';
import { bootServer, preloadServerRuntime } from './boot-server';
import { STANDBY_ENV } from './child-process';
import { installGracefulShutdown, shutdownTimeoutFrom } from './graceful-shutdown';
import { registerAppRootImports } from './app-root-imports';
import { startShellServer } from '../shell/shell-server';
import { SHELL_DIR_ENV } from '../shell/shell-socket';
import { redactUrlCredentials } from '@perseid/ddp-server/redact-credentials';

/** Files this server loaded, so the CLI restarts it only for changes to them. */
const loadedModules = new Set<string>();
let reportedModules = -1;
let moduleTimer: NodeJS.Timeout | undefined;
function noteModule(file: string): void {
  if (loadedModules.has(file)) return;
  loadedModules.add(file);
  if (reportedModules < 0) return;
  // Modules imported after start-up (lazy imports) are reported in batches.
  clearTimeout(moduleTimer);
  moduleTimer = setTimeout(() => {
    process.send?.({ type: 'modules', files: [...loadedModules].slice(reportedModules) });
    reportedModules = loadedModules.size;
  }, 100);
  moduleTimer.unref();
}

try {
  const options = parseBootOptions(process.env[BOOT_ENV]);
  const shutdownTimeoutMs = shutdownTimeoutFrom(process.env);
  await registerAppRootImports(options.root, noteModule);
  if (process.env[STANDBY_ENV] === '1') {
    // A preload failure is not reported here: the boot after `go` meets it again and reports it.
    await preloadServerRuntime(options).catch(() => undefined);
    await waitForGo();
  }
  const booted = await bootServer(options);
  // `meteor run` names the shell directory; a server started any other way has no shell.
  const shellDirectory = process.env[SHELL_DIR_ENV];
  const shell =
    shellDirectory === undefined || shellDirectory === ''
      ? undefined
      : await startShellServer(shellDirectory).catch((error: unknown) => {
          console.warn(`=> meteor shell is unavailable: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        });
  process.send?.({ type: 'ready', port: booted.port, modules: [...loadedModules] });
  reportedModules = loadedModules.size;
  const shutdown = installGracefulShutdown(
    async (ms) => {
      await shell?.stop();
      await booted.drain(ms);
    },
    { timeoutMs: shutdownTimeoutMs },
  );
  process.on('disconnect', shutdown);
} catch (error) {
  if (isToolError(error)) {
    process.send?.({ type: 'error', code: error.code, message: error.message });
  } else {
    console.error(redactUrlCredentials(error instanceof Error ? (error.stack ?? error.message) : String(error)));
    process.send?.({ type: 'error', code: 'server.crashed', message: error instanceof Error ? error.message : String(error) });
  }
  process.exit(1);
}

function waitForGo(): Promise<void> {
  return new Promise<void>((resolve) => {
    const onMessage = (m: unknown): void => {
      if (typeof m !== 'object' || m === null || (m as Record<string, unknown>)['type'] !== 'go') return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
    process.once('disconnect', () => process.exit(0));
  });
}
