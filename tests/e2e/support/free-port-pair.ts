import { createServer } from 'node:net';

function listenOnce(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(undefined));
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      const bound = typeof address === 'object' && address !== null ? address.port : undefined;
      probe.close(() => resolve(bound));
    });
  });
}

/**
 * A port `p` with `p + 1` free too: `meteor run` puts the app on PORT and minimongod on PORT+1.
 * Another process may still take either before we bind; the caller's start-up then fails loudly.
 */
export async function freePortPair(attempts = 20): Promise<number> {
  for (let i = 0; i < attempts; i += 1) {
    const port = await listenOnce(0);
    if (port === undefined || port >= 65535) continue;
    if ((await listenOnce(port + 1)) !== undefined) return port;
  }
  throw new Error(`no free pair of adjacent ports found in ${attempts} attempts`);
}
