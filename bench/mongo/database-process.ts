import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';

/**
 * minimongod in its own process, so the CPU a benchmark measures in this process is the
 * runtime's (driver, change stream, matching, callbacks) and not the database's.
 */
export interface DatabaseProcess {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startDatabaseProcess(): Promise<DatabaseProcess> {
  const cli = fileURLToPath(new URL('../../packages/minimongod/src/cli.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = /ready: (\S+)/.exec(buffer);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`minimongod exited early (${String(code)})`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The machine's load when a figure was taken (a shared machine: other processes compete for its cores). */
export function loadLine(): string {
  return `loadavg ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')} on ${cpus().length} cores`;
}
