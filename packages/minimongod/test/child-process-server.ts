import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export interface ChildServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves once the process has exited. */
  readonly exited: Promise<void>;
}

/** Options the child passes to startMinimongod; with `logLines`, its log lines arrive through `onLog`. */
export interface ChildServerOptions {
  readonly compactBytes?: number;
  readonly ttlIntervalMs?: number;
  readonly onLog?: (line: string) => void;
}

/** Start minimongod in a child process (so it can be killed with SIGKILL). */
export async function startChildServer(dbPath: string, options: ChildServerOptions = {}): Promise<ChildServer> {
  const { onLog, ...serverOptions } = options;
  const args = [path.join(here, 'fixtures', 'child-server.ts'), dbPath, JSON.stringify({ ...serverOptions, logLines: onLog !== undefined })];
  const child = spawn(process.execPath, ['--import', require.resolve('tsx'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  let partial = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (onLog === undefined) return;
    partial += chunk.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLog(line);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line !== undefined) {
        try {
          resolve((JSON.parse(line) as { url: string }).url);
        } catch (error) {
          reject(error);
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`child server exited with ${String(code)}: ${stderr}`)));
  });
  return { url, child, exited };
}
