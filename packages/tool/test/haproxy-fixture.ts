/**
 * HAProxy as a child process for the cluster tests and bench/cluster: finds Debian's binary on
 * PATH (installs nothing), writes a generated configuration to a temporary directory, runs it in
 * the foreground (`-db`, so it dies with a kill of its pid), and reads its status CSV.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { existsSync } from 'node:fs';
import { haproxyConfig, type HaproxyBackend, type HaproxyOptions } from '../src/cluster/haproxy-config';

/** The haproxy binary on PATH (Debian puts it in /usr/sbin), or undefined. */
export function findHaproxy(): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = join(dir, 'haproxy');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A free loopback port (closed again at once; HAProxy binds it next). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `haproxy -c`: undefined when valid, else what it said. */
export function checkHaproxyConfig(binary: string, config: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'perseid-haproxy-check-'));
  try {
    const file = join(dir, 'haproxy.cfg');
    writeFileSync(file, config);
    const result = spawnSync(binary, ['-c', '-q', '-f', file], { encoding: 'utf8', timeout: 10_000 });
    return result.status === 0 ? undefined : `${result.stdout}${result.stderr}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ServerState {
  readonly name: string;
  /** HAProxy's check state: UP, DOWN, MAINT, "UP 1/2" (going down), "DOWN 1/2" (going up)... */
  readonly status: string;
  /** Sessions open to it now. */
  readonly current: number;
  /** Sessions it has been given since HAProxy started. */
  readonly total: number;
  /** An unchecked fallback twin (used only while every checked server is down). */
  readonly backup: boolean;
}

export interface HaproxyHandle {
  readonly port: number;
  readonly statsPort: number;
  /** `ws://127.0.0.1:<port>/websocket` */
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  /** The checked servers, in configuration order; with `fallbacks`, their backup twins after them. */
  servers(fallbacks?: boolean): Promise<ServerState[]>;
  stop(): Promise<void>;
}

export async function startHaproxy(binary: string, backends: readonly HaproxyBackend[], options: Partial<HaproxyOptions> = {}): Promise<HaproxyHandle> {
  const port = await freePort();
  const statsPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'perseid-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig({ ...options, bind: { host: '127.0.0.1', port }, stats: { host: '127.0.0.1', port: statsPort }, backends }));
  const child = spawn(binary, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => void (output += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => void (output += s));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const servers = async (fallbacks = false): Promise<ServerState[]> => {
    const response = await fetch(`http://127.0.0.1:${statsPort}/;csv`);
    const [head = '', ...rows] = (await response.text()).trim().split('\n');
    const columns = head.replace(/^# /, '').split(',');
    const at = (row: string[], name: string): string => row[columns.indexOf(name)] ?? '';
    return rows
      .map((line) => line.split(','))
      .filter((row) => at(row, 'pxname') === 'perseid_servers' && at(row, 'svname') !== 'BACKEND')
      .map((row) => ({
        name: at(row, 'svname'),
        status: at(row, 'status'),
        current: Number(at(row, 'scur')),
        total: Number(at(row, 'stot')),
        backup: at(row, 'bck') === '1',
      }))
      .filter((server) => fallbacks || !server.backup);
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready once its status page answers (it binds every frontend before serving any).
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`haproxy exited (${child.exitCode}):\n${output}`);
    }
    try {
      await servers();
      break;
    } catch {
      if (tries > 200) {
        await stop();
        throw new Error(`haproxy did not answer within 10 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { port, statsPort, url: `ws://127.0.0.1:${port}/websocket`, child, output: () => output, servers, stop };
}
