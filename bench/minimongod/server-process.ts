import { startMinimongod } from '@perseid/minimongod';

// The benchmarked server in its own process (as in production: not sharing the client's loop).
const dbPath = process.argv[2];
// Optional: journal size that triggers compaction ('never' to keep the whole journal).
const compact = process.argv[3];
const handle = await startMinimongod({
  quiet: true,
  ...(dbPath ? { dbPath } : {}),
  ...(compact === 'never' ? { compactBytes: Number.MAX_SAFE_INTEGER } : {}),
});
process.stdout.write(`${JSON.stringify({ url: handle.url })}\n`);
process.on('SIGTERM', () => {
  void handle.stop().then(() => process.exit(0));
});
