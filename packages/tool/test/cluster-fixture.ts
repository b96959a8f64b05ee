/**
 * Multi-process fixtures: minimongod on a fixed loopback port (so it can be stopped and
 * restarted with its data), app server processes of the cluster fixture app booted exactly as
 * `meteor run` boots its server child, and DDP clients whose transport stands in for a load
 * balancer (it picks a live server on every (re)connect).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DDP, WebSocketTransport, type Connection, type Transport, type WebSocketConstructor } from '@perseid/ddp-client';
import { startMinimongod, type MinimongodHandle } from '@perseid/minimongod';
import { ClientCollection } from '@perseid/mongo';
import { WebSocket } from 'ws';
import { BOOT_ENV, type BootOptions } from '../src/server/boot-options';
import { eventually } from '../../../tests/helpers/eventually';

export const CLUSTER_APP = fileURLToPath(new URL('../fixtures/cluster-app', import.meta.url));
const SERVER_ENTRY = fileURLToPath(new URL('../src/server/server-process.ts', import.meta.url));
const TSX_LOADER = import.meta.resolve('tsx');

/** minimongod with its data on disk, restartable on the same port. */
export class RestartableDatabase {
  #handle: MinimongodHandle | undefined;
  #port = 0;
  readonly #dir = mkdtempSync(join(tmpdir(), 'perseid-cluster-db-'));

  get url(): string {
    if (this.#port === 0) throw new Error('the database has not started');
    return `mongodb://127.0.0.1:${this.#port}/cluster?replicaSet=rs0`;
  }

  async start(): Promise<void> {
    this.#handle = await startMinimongod({ port: this.#port, host: '127.0.0.1', dbPath: this.#dir, quiet: true });
    this.#port = this.#handle.port;
  }

  async stop(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.stop();
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

export interface AppServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  isAlive(): boolean;
  kill(signal: NodeJS.Signals): void;
}

/** The environment `meteor run` gives its server child, for the cluster fixture app (no client build). */
export function appServerEnv(mongoUrl: string, env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const boot: BootOptions = {
    root: CLUSTER_APP,
    host: '127.0.0.1',
    port: 0,
    rootUrl: 'http://127.0.0.1',
    testMode: false,
    serverModules: [join(CLUSTER_APP, 'server', 'main.ts')],
    client: { kind: 'none' },
    installGlobals: false,
  };
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, [BOOT_ENV]: JSON.stringify(boot), MONGO_URL: mongoUrl, NODE_ENV: 'production' };
  delete childEnv['PERSEID_TEST_STATS_FILE'];
  return childEnv;
}

/** Boots the cluster fixture app in its own process, as `meteor run` does (no client build). */
export async function startAppServer(mongoUrl: string, env: NodeJS.ProcessEnv = {}): Promise<AppServerProcess> {
  const childEnv = appServerEnv(mongoUrl, env);
  const child = fork(SERVER_ENTRY, [], { cwd: CLUSTER_APP, env: childEnv, execArgv: ['--import', TSX_LOADER], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => void (output += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => void (output += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (m: unknown) => {
      const report = m as { type?: unknown; port?: unknown; message?: unknown };
      if (report.type === 'ready' && typeof report.port === 'number') resolve(report.port);
      if (report.type === 'error') reject(new Error(`server failed to start: ${String(report.message)}\n${output}`));
    });
    void exited.then(({ code, signal }) => reject(new Error(`server exited (${signal ?? code}) before it was ready:\n${output}`)));
  });
  return {
    child,
    port,
    url: `ws://127.0.0.1:${port}/websocket`,
    exited,
    output: () => output,
    isAlive: () => child.exitCode === null && child.signalCode === null,
    kill: (signal) => void child.kill(signal),
  };
}

export interface HealthAnswer {
  readonly httpStatus: number;
  readonly body: {
    status: string;
    database: string;
    checks: Record<string, { healthy: boolean; report: unknown }>;
  };
}

export async function health(port: number): Promise<HealthAnswer> {
  const response = await fetch(`http://127.0.0.1:${port}/__perseid/health`);
  return { httpStatus: response.status, body: (await response.json()) as HealthAnswer['body'] };
}

/**
 * Polls `probe` until its value satisfies `predicate` and returns that value; a probe that throws
 * (a server still starting) counts as not yet. Bounded by the shared timeout (60 s here: restarts
 * and failovers), and the timeout message carries the last value seen.
 */
export async function probeUntil<T>(what: string, probe: () => Promise<T> | T, predicate: (value: T) => boolean, intervalMs = 50): Promise<T> {
  let value: T | undefined;
  const holds = async (): Promise<boolean> => {
    try {
      value = await probe();
    } catch {
      value = undefined;
    }
    return value !== undefined && predicate(value);
  };
  const trace = (): void => {
    if (process.env['PERSEID_TEST_TRACE'] === '1') console.log(`waiting for ${what}: ${JSON.stringify(value)}`);
  };
  await eventually(what, holds, { timeoutMs: 60_000, intervalMs, between: trace, detail: () => `last seen ${JSON.stringify(value)}` });
  return value as T;
}

/** A transport that, like a balancer, sends each (re)connect to a server `pick` chooses. */
export function balancedTransport(pick: () => string): Transport {
  const inner = new WebSocketTransport(WebSocket as unknown as WebSocketConstructor);
  return { open: (_url, handlers) => inner.open(pick(), handlers) };
}

export interface Message {
  _id: string;
  room: string;
  text: string;
}

export interface ChatClient {
  readonly connection: Connection;
  readonly messages: ClientCollection<Message>;
  send(room: string, text: string): Promise<unknown>;
  /** The server inserts, then waits `ms` before answering. */
  sendAndLinger(room: string, text: string, ms: number): Promise<unknown>;
  close(): void;
}

/** A DDP client with the fixture's stub (so calls carry a randomSeed) and a client collection. */
export function chatClient(pick: () => string): ChatClient {
  const connection = DDP.connect('ws://balancer.invalid/websocket', { transport: balancedTransport(pick), log: () => undefined });
  const messages = new ClientCollection<Message>('messages', { connection });
  const stub = (room: unknown, text: unknown): unknown => messages.insert({ room: String(room), text: String(text) });
  connection.methods({ 'messages.send': stub, 'messages.sendAndLinger': stub });
  return {
    connection,
    messages,
    send: (room, text) => connection.callAsync('messages.send', room, text),
    sendAndLinger: (room, text, ms) => connection.callAsync('messages.sendAndLinger', room, text, ms),
    close: () => connection.disconnect(),
  };
}

export function subscribed(client: ChatClient, room: string): Promise<void> {
  return new Promise((resolve, reject) => {
    client.connection.subscribe('room', room, { onReady: () => resolve(), onStop: (error?: unknown) => (error === undefined ? undefined : reject(error)) });
  });
}
