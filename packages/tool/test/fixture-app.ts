import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));
const REPO_NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));
export const METEOR_BIN = fileURLToPath(new URL('../../meteor/bin/meteor.js', import.meta.url));

/**
 * A throwaway copy of a fixture app (`fixtures/<name>`), resolving packages through the repo's
 * node_modules.
 */
export function copyFixtureApp(name = 'app'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'perseid-fixture-app-'));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  symlinkSync(REPO_NODE_MODULES, join(dir, 'node_modules'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Environment for child commands: no MONGO_URL or stats file inherited from an outer run. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env['PERSEID_TEST_STATS_FILE'];
  if (extra['MONGO_URL'] === undefined) delete env['MONGO_URL'];
  // A Vite dev server started in the test process sets NODE_ENV=development for the rest of it.
  if (extra['NODE_ENV'] === undefined) delete env['NODE_ENV'];
  return env;
}

export interface RunningCommand {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves once the output matches `pattern` (rejects if the process exits first). */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

export function startCommand(args: string[], cwd: string, env: NodeJS.ProcessEnv): RunningCommand {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (s: string): void => {
    output += s;
    for (const l of listeners) l();
  };
  child.stdout?.setEncoding('utf8').on('data', onData);
  child.stderr?.setEncoding('utf8').on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const m = pattern.exec(output);
          if (m !== null) {
            listeners.delete(check);
            resolve(m);
          }
        };
        listeners.add(check);
        check();
        void exited.then((code) => {
          if (listeners.has(check)) reject(new Error(`exited (${code}) before ${pattern}:\n${output}`));
        });
      });
    },
  };
}
