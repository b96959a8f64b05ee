/**
 * bench/cluster's deployment on loopback: minimongod in its own process (data on disk, so it can
 * be stopped and restarted on its port), N app server processes of the cluster fixture app, and
 * HAProxy in front of them (haproxyConfig). Every process started here is stopped by `stop()`,
 * on SIGINT/SIGTERM, on an uncaught error, and when `boundMs` passes (then the process exits 2),
 * so a run never leaves servers behind.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAppServer, type AppServerProcess } from '../../packages/tool/test/cluster-fixture';
import { findHaproxy, freePort, startHaproxy, type HaproxyHandle } from '../../packages/tool/test/haproxy-fixture';

const DB_ENTRY = fileURLToPath(new URL('../../packages/tool/src/server/db-process.ts', import.meta.url));
const TSX_LOADER = import.meta.resolve('tsx');

/** Loopback clients all share one address: lift the per-address limits meant for remote hosts. */
const SERVER_SETTINGS = JSON.stringify({ packages: { 'ddp-server': { maxConnectionsPerAddress: 1_000_000, newConnectionsPerAddress: 1_000_000 } } });

export interface LoopDelay {
  readonly at: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** minimongod as a child process, restartable on its port with its data. */
export class DatabaseProcess {
  #child: ChildProcess | undefined;
  #port = 0;
  readonly dir = mkdtempSync(join(tmpdir(), 'perseid-bench-db-'));

  get url(): string {
    return `mongodb://127.0.0.1:${this.#port}/bench?replicaSet=rs0`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async start(): Promise<void> {
    if (this.#port === 0) this.#port = await freePort();
    const child = fork(DB_ENTRY, [], {
      env: { ...process.env, PERSEID_DB: JSON.stringify({ port: this.#port, dbPath: this.dir }) },
      execArgv: ['--import', TSX_LOADER],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.#child = child;
    await new Promise<void>((resolve, reject) => {
      child.on('message', (m: unknown) => {
        const report = m as { type?: unknown; message?: unknown };
        if (report.type === 'ready') resolve();
        if (report.type === 'error') reject(new Error(`minimongod failed: ${String(report.message)}`));
      });
      child.once('exit', (code, signal) => reject(new Error(`minimongod exited (${signal ?? code}) before it was ready`)));
    });
  }

  /** `signal` SIGKILL: the process dies at once (a crash); SIGTERM: it closes its journal first. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  killNow(): void {
    this.#child?.kill('SIGKILL');
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Cluster {
  readonly db: DatabaseProcess;
  readonly servers: readonly AppServerProcess[];
  /** The balancer, when `balancer` was not `none`. */
  readonly haproxy: HaproxyHandle | undefined;
  /** Where clients connect: the balancer, or the only server. */
  readonly url: string;
  /** Event-loop delay reports of each server, in arrival order. */
  readonly loopDelays: LoopDelay[][];
  stop(): Promise<void>;
}

export interface ClusterOptions {
  readonly servers: number;
  /** `haproxy` (required on PATH) or `none` (clients connect to servers[0]; servers must be 1). */
  readonly balancer: 'haproxy' | 'none';
  /** The whole run's bound: past it everything is stopped and the process exits 2. */
  readonly boundMs: number;
  readonly loopReportMs?: number;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const binary = options.balancer === 'haproxy' ? findHaproxy() : undefined;
  if (options.balancer === 'haproxy' && binary === undefined) throw new Error('haproxy is not installed (Debian: apt-get install -y haproxy)');
  if (options.balancer === 'none' && options.servers !== 1) throw new Error('without a balancer, run one server');
  const db = new DatabaseProcess();
  const servers: AppServerProcess[] = [];
  const loopDelays: LoopDelay[][] = [];
  let haproxy: HaproxyHandle | undefined;

  // Synchronous, so it also runs from 'exit': kill whatever is still running.
  const killAll = (): void => {
    haproxy?.child.kill('SIGKILL');
    for (const s of servers) if (s.isAlive()) s.kill('SIGKILL');
    db.killNow();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    console.error(`\n${signal}: stopping the cluster`);
    killAll();
    db.remove();
    process.exit(130);
  };
  const onFatal = (error: unknown): void => {
    console.error('fatal:', error);
    killAll();
    db.remove();
    process.exit(1);
  };
  const bound = setTimeout(() => {
    console.error(`the run passed its bound of ${options.boundMs} ms: stopping the cluster`);
    killAll();
    db.remove();
    process.exit(2);
  }, options.boundMs);
  bound.unref();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', killAll);
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);

  try {
    await db.start();
    const env: NodeJS.ProcessEnv = { METEOR_SETTINGS: SERVER_SETTINGS, HTTP_FORWARDED_COUNT: options.balancer === 'haproxy' ? '1' : '0' };
    if (options.loopReportMs !== undefined) env['PERSEID_LOOP_REPORT_MS'] = String(options.loopReportMs);
    const started = await Promise.all(Array.from({ length: options.servers }, () => startAppServer(db.url, env)));
    servers.push(...started);
    for (const [i, s] of servers.entries()) {
      const reports: LoopDelay[] = [];
      loopDelays[i] = reports;
      s.child.on('message', (m: unknown) => {
        const r = m as { type?: unknown; p50Ms?: unknown; p99Ms?: unknown; maxMs?: unknown };
        if (r.type === 'loop-delay') reports.push({ at: Date.now(), p50Ms: Number(r.p50Ms), p99Ms: Number(r.p99Ms), maxMs: Number(r.maxMs) });
      });
    }
    if (binary !== undefined) {
      haproxy = await startHaproxy(
        binary,
        servers.map((s, i) => ({ name: `app${i}`, host: '127.0.0.1', port: s.port })),
        { checkIntervalMs: 500, fall: 2, rise: 2, maxConnections: 4_000 },
      );
      for (;;) {
        const states = await haproxy.servers();
        if (states.every((s) => s.status === 'UP')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    killAll();
    db.remove();
    throw error;
  }

  const first = servers[0];
  if (first === undefined) throw new Error('no server started');
  return {
    db,
    servers,
    haproxy,
    url: haproxy?.url ?? first.url,
    loopDelays,
    async stop() {
      clearTimeout(bound);
      await haproxy?.stop();
      for (const s of servers) {
        if (s.isAlive()) s.kill('SIGKILL');
        await s.exited;
      }
      await db.stop();
      db.remove();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', killAll);
      process.off('uncaughtException', onFatal);
      process.off('unhandledRejection', onFatal);
    },
  };
}
