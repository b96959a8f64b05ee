import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export interface SpawnedServer {
  readonly url: string;
  /** CPU time (user + system) the server process has used so far, in ms; NaN off Linux. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Linux /proc/<pid>/stat fields 14 and 15 (utime, stime) are in clock ticks of 10 ms. */
function processCpuMs(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * A bench server child: `node --import tsx <script> ...args`, whose first stdout line is JSON
 * carrying its `url`. Resolves once that line arrives; rejects if the child exits first.
 */
export async function spawnUrlChild(
  script: string,
  args: readonly string[],
  label = 'server',
): Promise<{ child: ChildProcess; url: string; exited: Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', require.resolve('tsx'), script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0] as string) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`${label} exited early (${String(code)})`)));
  });
  return { child, url, exited };
}

export async function spawnServer(dbPath?: string, options: { neverCompact?: boolean } = {}): Promise<SpawnedServer> {
  const args = [...(dbPath ? [dbPath] : []), ...(dbPath && options.neverCompact ? ['never'] : [])];
  const { child, url, exited } = await spawnUrlChild(path.join(here, 'server-process.ts'), args);
  return {
    url,
    cpuMs: () => processCpuMs(child.pid),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
