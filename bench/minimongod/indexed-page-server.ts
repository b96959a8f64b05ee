import path from 'node:path';
import { pathToFileURL } from 'node:url';

// One minimongod (in memory) from the source tree named by argv[2]: the working tree, or a git
// worktree of an older commit, so both versions run side by side in one benchmark.
const tree = process.argv[2];
if (tree === undefined) throw new Error('usage: indexed-page-server.ts <source tree>');
const entry = pathToFileURL(path.join(tree, 'packages/minimongod/src/index.ts')).href;
const { startMinimongod } = (await import(entry)) as typeof import('../../packages/minimongod/src/index');
const handle = await startMinimongod({ quiet: true });
process.stdout.write(`${JSON.stringify({ url: handle.url })}\n`);
process.on('SIGTERM', () => {
  void handle.stop().then(() => process.exit(0));
});
