import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMinimongod } from '@perseid/minimongod';
import { copyApp, REPO_ROOT } from './support/app-copy';
import type { AppCopy } from './support/app-copy';

/** A free TCP port on 127.0.0.1 (bound to 0, then released). */
export function freePort(): Promise<number> {
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

/**
 * The app as a user starts it (`meteor run`, what `npm start` runs) in a copy of the app, against
 * a database of its own so tests never touch `.meteor/local/db`. The database outlives app restarts.
 */
export class AppUnderTest {
  private child: ChildProcess | null = null;
  private constructor(
    readonly port: number,
    private readonly mongoUrl: string,
    private readonly stopDb: () => Promise<void>,
    private readonly dbDir: string,
    private readonly copy: AppCopy,
  ) {}

  static async start(): Promise<AppUnderTest> {
    const dbDir = mkdtempSync(join(tmpdir(), 'perseid-e2e-db-'));
    const db = await startMinimongod({ port: 0, dbPath: dbDir, quiet: true });
    // A throwaway copy of the app: its own run lock, and edits elsewhere in the tree never restart it.
    const app = new AppUnderTest(await freePort(), db.url, () => db.stop(), dbDir, copyApp());
    await app.startServer();
    return app;
  }

  /** Process group of the running `meteor run` (for benchmarks that read the server's usage). */
  get processGroup(): number | undefined {
    return this.child?.pid;
  }

  /** The database, for benchmarks that seed data directly. */
  get databaseUrl(): string {
    return this.mongoUrl;
  }

  get url(): string {
    return `http://localhost:${this.port}/`;
  }

  async startServer(): Promise<void> {
    const child = spawn(join(REPO_ROOT, 'node_modules/.bin/meteor'), ['run', '--port', String(this.port)], {
      cwd: this.copy.dir,
      env: { ...process.env, MONGO_URL: this.mongoUrl, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`meteor run did not start within 90 s:\n${output}`)), 90_000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('App running at')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`meteor run exited with ${String(code)}:\n${output}`));
      });
    });
    child.removeAllListeners('exit');
  }

  /** Stops the app server (the whole process group, as Ctrl-C would). Safe to call twice. */
  async stopServer(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child === null || child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(-child.pid, 'SIGINT');
    const forced = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(forced);
  }

  async stop(): Promise<void> {
    await this.stopServer();
    await this.stopDb();
    rmSync(this.dbDir, { recursive: true, force: true });
    this.copy.remove();
  }
}
