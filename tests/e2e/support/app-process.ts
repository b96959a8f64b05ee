import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyApp, REPO_ROOT } from './app-copy';
import type { AppCopy, CopyAppOptions } from './app-copy';
import { freePortPair } from './free-port-pair';
import { eventually } from '../../helpers/eventually';

const METEOR_BIN = join(REPO_ROOT, 'packages', 'meteor', 'bin', 'meteor.js');

export type AppMode = 'development' | 'production';

export interface StartAppOptions {
  /** `development` is `meteor run` (Vite dev server, HMR); `production` adds `--production`. */
  readonly mode?: AppMode;
  /** Settings file, relative to the app root (as `--settings`). */
  readonly settings?: string;
  readonly readyTimeoutMs?: number;
  /** Receives the command's output as it arrives (e.g. for a verbose run). */
  readonly onOutput?: (chunk: string) => void;
  /** The app checkout to copy (default: this working tree), e.g. an older commit to compare with. */
  readonly root?: string;
  /** How the copy is made (see copyApp). */
  readonly copy?: CopyAppOptions;
  /** Output that means the start failed, so readiness rejects at once instead of at the timeout. */
  readonly failurePattern?: RegExp;
  /** PORT (PORT+1 must be free too; default: a free pair), e.g. the port a phone build already points at. */
  readonly port?: number;
}

export type AppState = 'starting' | 'running' | 'stopping' | 'stopped';

export interface RunningApp {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** The pid of the `meteor run` process (its process group holds the database and server). */
  readonly pid: number;
  /** The run's own minimongod (PORT+1), for tests that check what was stored. */
  readonly databaseUrl: string;
  state(): AppState;
  output(): string;
  /** Resolves once the output written after `fromIndex` matches `pattern`. */
  waitForOutput(pattern: RegExp, fromIndex: number, timeoutMs: number): Promise<void>;
  /** Restarts the app server the way a developer's edit does (the database keeps running). */
  restartServer(timeoutMs?: number): Promise<void>;
  /** Ctrl-C, then `meteor run` again on the same copy and port: server and database restart, data stays on disk. */
  restartAll(): Promise<void>;
  /** Ctrl-C, then SIGKILL of the whole group if it lingers; removes the copy. Safe to call twice. */
  stop(): Promise<void>;
}

/** Every started group, so a crashing test process still takes its children down. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of liveGroups) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
}

function cleanEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, BIND_IP: '127.0.0.1', ROOT_URL: `http://127.0.0.1:${port}` };
  // An outer `npm test` or shell must not point the copy at another database or stats file.
  for (const key of ['MONGO_URL', 'PORT', 'METEOR_SETTINGS', 'PERSEID_TEST_STATS_FILE', 'NODE_ENV', 'METEOR_TEST_MODE']) delete env[key];
  return env;
}

/**
 * Starts the app as a user does (`meteor run` from the app directory) on a fresh copy of the
 * working tree, on free ports, and resolves once it prints its URL and reports the database
 * connected. Rejects (after stopping everything) if it exits or stalls first.
 */
export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
  const copy: AppCopy = copyApp(options.root, options.copy);
  const port = options.port ?? (await freePortPair());
  const args = [METEOR_BIN, 'run', '--port', String(port)];
  if (options.mode === 'production') args.push('--production');
  if (options.settings !== undefined) args.push('--settings', options.settings);
  installExitHook();

  let state: AppState = 'starting';
  let output = '';
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };
  const onData = (chunk: string): void => {
    output += chunk;
    options.onOutput?.(chunk);
    notify();
  };

  /** One `meteor run` process (a full restart makes a second one on the same copy and port). */
  const launch = (): { pid: number; exited: Promise<void> } => {
    const child: ChildProcess = spawn(process.execPath, args, { cwd: copy.dir, env: cleanEnv(port), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const pid = child.pid;
    if (pid === undefined) throw new Error('could not spawn meteor run');
    liveGroups.add(pid);
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.stderr?.setEncoding('utf8').on('data', onData);
    const exited = new Promise<void>((resolve) =>
      child.once('close', () => {
        liveGroups.delete(pid);
        state = 'stopped';
        notify();
        resolve();
      }),
    );
    return { pid, exited };
  };

  const waitForOutput = (pattern: RegExp, fromIndex: number, timeoutMs: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`meteor run did not print ${pattern} within ${timeoutMs} ms:\n${output.slice(-4000)}`));
      }, timeoutMs);
      function check(): void {
        if (pattern.test(output.slice(fromIndex))) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        } else if (state === 'stopped') {
          listeners.delete(check);
          clearTimeout(timer);
          reject(new Error(`meteor run exited before printing ${pattern}:\n${output.slice(-4000)}`));
        }
      }
      listeners.add(check);
      check();
    });

  /** Ctrl-C to the run, SIGKILL to its group if it lingers, and to any straggler after. */
  const interrupt = async (run: { pid: number; exited: Promise<void> }): Promise<void> => {
    if (state === 'stopped') return;
    state = 'stopping';
    signalGroup(run.pid, 'SIGINT');
    const killTimer = setTimeout(() => signalGroup(run.pid, 'SIGKILL'), 15_000);
    await run.exited;
    clearTimeout(killTimer);
    signalGroup(run.pid, 'SIGKILL');
  };

  const url = `http://127.0.0.1:${port}`;
  const untilReady = async (fromIndex: number): Promise<void> => {
    const ready = /App running at: /;
    const failed = options.failurePattern;
    await waitForOutput(failed === undefined ? ready : new RegExp(`${ready.source}|${failed.source}`), fromIndex, options.readyTimeoutMs ?? 120_000);
    if (failed?.test(output.slice(fromIndex)) && !ready.test(output.slice(fromIndex))) {
      throw new Error(`meteor run reported a failed start:\n${output.slice(-4000)}`);
    }
    await waitForHealthyDatabase(url, 30_000);
    state = 'running';
  };

  let current: { pid: number; exited: Promise<void> };
  try {
    current = launch();
  } catch (error) {
    copy.remove();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await interrupt(current);
      copy.remove();
    })();
    return stopping;
  };

  try {
    await untilReady(0);
  } catch (error) {
    await stop();
    throw error;
  }

  let restarts = 0;
  return {
    url,
    port,
    dir: copy.dir,
    get pid() {
      return current.pid;
    },
    databaseUrl: `mongodb://127.0.0.1:${port + 1}/?directConnection=true`,
    state: () => state,
    output: () => output,
    waitForOutput,
    async restartServer(timeoutMs = 120_000) {
      const mark = output.length;
      restarts += 1;
      // Any edit to a server file restarts the server child; the database process stays up.
      appendFileSync(join(copy.dir, 'server', 'main.ts'), `\n// e2e restart ${restarts}\n`);
      await waitForOutput(/Server restarted: /, mark, timeoutMs);
    },
    async restartAll() {
      if (stopping !== undefined) throw new Error('restartAll() after stop()');
      await interrupt(current);
      const mark = output.length;
      state = 'starting';
      current = launch();
      await untilReady(mark);
    },
    stop,
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function waitForHealthyDatabase(url: string, timeoutMs: number): Promise<void> {
  let last = 'no answer';
  const connected = async (): Promise<boolean> => {
    try {
      const response = await fetch(`${url}/__perseid/health`, { headers: { accept: 'application/json' } });
      const body = (await response.json()) as { database?: unknown };
      last = `database ${String(body.database)}`;
      return body.database === 'connected';
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
      return false;
    }
  };
  await eventually('the app reports its database connected', connected, { timeoutMs, intervalMs: 200, detail: () => last });
}
