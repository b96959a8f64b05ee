import { startMinimongod } from '@perseid/minimongod';

// The benchmarked server in its own process (as in production: not sharing the client's loop).
const dbPath = process.argv[2];
const handle = await startMinimongod({ quiet: true, ...(dbPath ? { dbPath } : {}) });
process.stdout.write(`${JSON.stringify({ url: handle.url })}\n`);
process.on('SIGTERM', () => {
  void handle.stop().then(() => process.exit(0));
});
