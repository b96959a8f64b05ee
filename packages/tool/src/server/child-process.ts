import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { killGraceFor } from './graceful-shutdown';

const TSX_LOADER = import.meta.resolve('tsx');

/** Set to `1` for a server process that preloads the runtime, then waits for `{ type: 'go' }`. */
export const STANDBY_ENV = 'PERSEID_STANDBY';

export type ChildReport =
  | { readonly type: 'ready'; readonly port?: number; readonly url?: string }
  | { readonly type: 'error'; readonly code: string; readonly message: string };

export function parseChildReport(raw: unknown): ChildReport | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  switch (r['type']) {
    case 'ready': {
      const report: { type: 'ready'; port?: number; url?: string } = { type: 'ready' };
      if (typeof r['port'] === 'number') report.port = r['port'];
      if (typeof r['url'] === 'string') report.url = r['url'];
      return report;
    }
    case 'error':
      return { type: 'error', code: String(r['code'] ?? 'unknown'), message: String(r['message'] ?? '') };
    default:
      return undefined;
  }
}

/** The module files listed in a `ready` (`modules`) or `modules` (`files`) message. */
export function parseModuleList(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const r = raw as Record<string, unknown>;
  const list = r['type'] === 'ready' ? r['modules'] : r['type'] === 'modules' ? r['files'] : undefined;
  return Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : [];
}

export interface StartedChild {
  readonly child: ChildProcess;
  /** Resolves with the first report, or an error report if the process exits first. */
  readonly firstReport: Promise<ChildReport>;
  /** Resolves when the process has exited, describing how (`code 1`, `SIGTERM`). */
  readonly exited: Promise<string>;
  /** Tells a standby process (started with PERSEID_STANDBY=1) to boot now. */
  go(): void;
  /** Files the process reported loading (server processes report them; empty if unknown). */
  readonly loadedModules: ReadonlySet<string>;
  /** Whether the process is still alive. */
  isAlive(): boolean;
  /**
   * SIGTERM, then SIGKILL after a grace period (default: the one the child was started with);
   * resolves once it exited. Safe to call twice.
   */
  stop(graceMs?: number): Promise<void>;
}

/** Grace between SIGTERM and SIGKILL for a child that states no drain bound of its own. */
export const DEFAULT_KILL_GRACE_MS = 5_000;

const SERVER_ENTRY = new URL('./server-process.ts', import.meta.url);

/**
 * The app's server process (`meteor run`): stopping it waits for the drain bound the server
 * reads from the same `env` (PERSEID_SHUTDOWN_TIMEOUT_MS), never SIGKILLs it mid-drain.
 * Throws the usage error of a bad PERSEID_SHUTDOWN_TIMEOUT_MS before starting anything.
 */
export function startServerChild(env: NodeJS.ProcessEnv, cwd: string): StartedChild {
  return startToolChild(SERVER_ENTRY, env, cwd, { killGraceMs: killGraceFor(env) });
}

/** Forks one of the tool's TypeScript entries (server or db process) under the tsx loader. */
export function startToolChild(entry: URL, env: NodeJS.ProcessEnv, cwd: string, options: { killGraceMs?: number } = {}): StartedChild {
  const killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const child = fork(fileURLToPath(entry), [], { cwd, env, execArgv: ['--import', TSX_LOADER], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  const loadedModules = new Set<string>();
  child.on('message', (m: unknown) => {
    for (const file of parseModuleList(m)) loadedModules.add(file);
  });
  const firstReport = new Promise<ChildReport>((resolve) => {
    child.on('message', (m: unknown) => {
      const report = parseChildReport(m);
      if (report !== undefined) resolve(report);
    });
    child.once('exit', (code, signal) => resolve({ type: 'error', code: 'child.exited', message: `exited with ${signal ?? `code ${code}`}` }));
    child.once('error', (error) => resolve({ type: 'error', code: 'child.failed', message: error.message }));
  });
  let stopping: Promise<void> | undefined;
  return {
    child,
    firstReport,
    exited,
    loadedModules,
    go() {
      if (child.connected) child.send({ type: 'go' });
    },
    isAlive: () => child.exitCode === null && child.signalCode === null,
    stop(graceMs = killGraceMs) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
