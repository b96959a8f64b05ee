import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMinimongod } from '@perseid/minimongod';
import { freePort } from '../../tests/e2e/app-process';

/**
 * The app server booted the way `meteor run` boots its child (the tool's server-process entry,
 * Vite dev client), but without the file watcher: other work in the tree must not restart it
 * mid-measurement. Own minimongod in a temporary directory.
 */
export class BenchServer {
  private constructor(
    readonly port: number,
    readonly child: ChildProcess,
    readonly databaseUrl: string,
    private readonly stopDb: () => Promise<void>,
    private readonly dbDir: string,
  ) {}

  static async start(client: 'vite-dev' | 'none' = 'vite-dev'): Promise<BenchServer> {
    const dbDir = mkdtempSync(join(tmpdir(), 'perseid-bench-db-'));
    const db = await startMinimongod({ port: 0, dbPath: dbDir, quiet: true });
    const port = await freePort();
    const root = process.cwd();
    const rootUrl = `http://localhost:${port}`;
    const boot = { root, host: '127.0.0.1', port, rootUrl, testMode: false, serverModules: [join(root, 'server/main.ts')], client: { kind: client }, installGlobals: true };
    const child = fork(join(root, 'packages/tool/src/server/server-process.ts'), [], {
      cwd: root,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, NODE_ENV: 'development', PORT: String(port), ROOT_URL: rootUrl, MONGO_URL: db.url, METEOR_SETTINGS: '{}', PERSEID_BOOT: JSON.stringify(boot) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', (message) => ((message as { type?: string }).type === 'ready' ? resolve() : reject(new Error(JSON.stringify(message)))));
      child.once('exit', (code) => reject(new Error(`server exited with ${String(code)}`)));
    });
    child.removeAllListeners('exit');
    return new BenchServer(port, child, db.url, () => db.stop(), dbDir);
  }

  get url(): string {
    return `http://localhost:${this.port}/`;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    await this.stopDb();
    rmSync(this.dbDir, { recursive: true, force: true });
  }
}
