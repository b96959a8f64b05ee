/**
 * SIGTERM handling shared by `meteor run`'s server process and a bundle's `main.js`:
 *
 *   first SIGTERM/SIGINT ──► drain (health 503, new sockets refused, in-flight methods finish,
 *                            clients told to reconnect, database closed) ──► exit 0
 *   second signal, or the bound passing ──► exit 1 at once
 *
 * The bound is PERSEID_SHUTDOWN_TIMEOUT_MS (default 10 s): what an orchestrator should allow
 * between SIGTERM and SIGKILL.
 */
import { ToolError } from '../tool-error';

export const SHUTDOWN_TIMEOUT_ENV = 'PERSEID_SHUTDOWN_TIMEOUT_MS';
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
/** How long past its bound a server may take to exit (it exits 1 the moment the bound passes). */
export const SHUTDOWN_EXIT_MARGIN_MS = 2_000;

export function shutdownTimeoutFrom(env: NodeJS.ProcessEnv): number {
  const raw = env[SHUTDOWN_TIMEOUT_ENV];
  if (raw === undefined || raw === '') return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 600_000) {
    throw new ToolError('usage.badValue', `${SHUTDOWN_TIMEOUT_ENV} must be a whole number of milliseconds between 1 and 600000, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/**
 * How long a parent that started a server process with `env` waits between SIGTERM and
 * SIGKILL: the server's own drain bound (read from the same variable the server reads) and a
 * margin, so a parent never cuts a drain the server promised to finish.
 */
export function killGraceFor(env: NodeJS.ProcessEnv): number {
  return shutdownTimeoutFrom(env) + SHUTDOWN_EXIT_MARGIN_MS;
}

export type ShutdownState = 'running' | 'draining' | 'exiting';

export interface ShutdownHost {
  on(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  exit(code: number): void;
}

/**
 * Installs the handlers; `drain(timeoutMs)` must settle within about `timeoutMs`. Returns the
 * trigger, so other reasons to stop (the parent process went away) take the same path.
 */
export function installGracefulShutdown(
  drain: (timeoutMs: number) => Promise<void>,
  options: { timeoutMs: number; host?: ShutdownHost; log?: (message: string) => void },
): () => void {
  const host: ShutdownHost = options.host ?? process;
  const log = options.log ?? ((message: string) => console.log(message));
  let state: ShutdownState = 'running';
  const exit = (code: number): void => {
    if (state === 'exiting') return;
    state = 'exiting';
    host.exit(code);
  };
  const begin = (): void => {
    if (state === 'draining') {
      log('=> Stopping at once (second signal)');
      exit(1);
      return;
    }
    if (state !== 'running') return;
    state = 'draining';
    log(`=> Shutting down: finishing method calls, then closing (at most ${options.timeoutMs} ms)`);
    const bound = setTimeout(() => {
      log(`=> Did not stop within ${options.timeoutMs} ms; exiting`);
      exit(1);
    }, options.timeoutMs);
    bound.unref();
    drain(options.timeoutMs).then(
      () => {
        clearTimeout(bound);
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(bound);
        log(`=> Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        exit(1);
      },
    );
  };
  // Kept for the life of the process: the second signal must reach `begin` too.
  host.on('SIGTERM', begin);
  host.on('SIGINT', begin);
  return begin;
}
