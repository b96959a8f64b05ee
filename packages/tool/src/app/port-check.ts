import { createServer } from 'node:net';
import { ToolError } from '../tool-error';

/** Fails with `port.inUse` (suggesting --port) when something already listens on `port`. */
export function assertPortFree(port: number, what: string, host = ''): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new ToolError('port.inUse', `Port ${port} (${what}) is already in use; stop the other process or choose another port with --port.`)
          : error,
      );
    });
    const done = (): void => {
      probe.close(() => resolve());
    };
    if (host === '') probe.listen(port, done);
    else probe.listen(port, host, done);
  });
}

/** A port the OS considers free right now (for test servers). */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A free port whose successor is free too (`meteor run` puts minimongod on PORT+1). */
export async function freePortPair(attempts = 20): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const port = await freePort();
    if (port >= 65535) continue;
    try {
      await assertPortFree(port + 1, 'probe', '127.0.0.1');
      return port;
    } catch {
      // PORT+1 taken: try another.
    }
  }
  throw new Error(`no free pair of consecutive ports found in ${attempts} attempts`);
}
