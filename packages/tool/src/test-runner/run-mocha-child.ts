import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MochaChildConfig } from './mocha-child-config';
import { MOCHA_CHILD_CONFIG_ENV } from './mocha-child-config';
import type { TestStats } from './test-stats';
import { parseTestStats } from './test-stats';

export interface RunMochaChildOptions {
  readonly config: MochaChildConfig;
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** After the counts arrive, how long the process may take to exit before it counts as hung. */
  readonly exitGraceMs?: number;
  /** Upper bound for the whole group, so a stuck test cannot stall CI forever. */
  readonly overallTimeoutMs?: number;
  /**
   * With `config.holdUntilReleased`: runs once the counts arrive, while the child (and what it
   * started) is still up; the child is released when it settles.
   */
  readonly whileHeld?: (stats: TestStats) => Promise<TestStats>;
  /** Receives the child's output; defaults to inheriting the parent's stdout/stderr. */
  readonly output?: (chunk: string) => void;
}

const CHILD_ENTRY = fileURLToPath(new URL('./mocha-child.ts', import.meta.url));
const TSX_LOADER = import.meta.resolve('tsx');

/**
 * Runs one group of test files in a fresh Node process (tsx loader) and resolves with its
 * counts. A group whose process crashes, never reports, or stays alive after reporting adds a
 * failure, with the reason printed, rather than hanging the run.
 */
export function runMochaChild(options: RunMochaChildOptions): Promise<TestStats> {
  const exitGraceMs = options.exitGraceMs ?? 15_000;
  const overallTimeoutMs = options.overallTimeoutMs ?? 20 * 60_000;
  const output = options.output;
  return new Promise<TestStats>((resolve) => {
    const child = fork(CHILD_ENTRY, [], {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), [MOCHA_CHILD_CONFIG_ENV]: JSON.stringify(options.config) },
      execArgv: ['--import', TSX_LOADER],
      stdio: output === undefined ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    if (output !== undefined) {
      child.stdout?.setEncoding('utf8').on('data', output);
      child.stderr?.setEncoding('utf8').on('data', output);
    }
    const say = (line: string): void => (output ?? ((s: string) => process.stderr.write(s)))(`${line}\n`);

    let reported: TestStats | undefined;
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const overallTimer = setTimeout(() => {
      say(`mocha: the test group did not finish within ${overallTimeoutMs} ms; stopping it.`);
      finish({ passed: reported?.passed ?? 0, failed: (reported?.failed ?? 0) + 1, skipped: reported?.skipped ?? 0 });
    }, overallTimeoutMs);

    const finish = (stats: TestStats): void => {
      if (settled) return;
      settled = true;
      clearTimeout(overallTimer);
      if (graceTimer !== undefined) clearTimeout(graceTimer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(stats);
    };

    child.on('message', (message: unknown) => {
      const stats = typeof message === 'object' && message !== null ? parseTestStats((message as Record<string, unknown>)['stats']) : undefined;
      if (stats === undefined) return;
      const armExitTimer = (total: TestStats): void => {
        reported = total;
        graceTimer = setTimeout(() => {
          say(
            `mocha: tests finished but the process did not exit within ${exitGraceMs} ms (a test left a server, socket or timer open); counted as a failure.`,
          );
          finish({ ...total, failed: total.failed + 1 });
        }, exitGraceMs);
      };
      if (options.whileHeld === undefined) {
        armExitTimer(stats);
        return;
      }
      reported = stats;
      void options
        .whileHeld(stats)
        .catch((error: unknown) => {
          say(`Running tests against the held process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          return { ...stats, failed: stats.failed + 1 };
        })
        .then((total) => {
          if (settled) return;
          child.send({ type: 'release' });
          armExitTimer(total);
        });
    });
    child.on('error', (error) => {
      say(`mocha: could not start the test process: ${error.message}`);
      finish({ passed: 0, failed: 1, skipped: 0 });
    });
    child.on('close', (code, signal) => {
      if (reported !== undefined && graceTimer !== undefined) return finish(reported);
      if (reported !== undefined) {
        say(`mocha: the test process exited (${signal ?? `code ${code}`}) while client tests still needed it; counted as a failure.`);
        return finish({ ...reported, failed: reported.failed + 1 });
      }
      say(`mocha: the test process exited (${signal ?? `code ${code}`}) before reporting results; counted as a failure.`);
      finish({ passed: 0, failed: 1, skipped: 0 });
    });
  });
}
