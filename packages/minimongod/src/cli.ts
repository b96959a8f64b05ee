import { parseCliArgs } from './cli-args';
import { startMinimongod } from './minimongod-server';

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(parsed.error);
    process.exitCode = 2;
    return;
  }
  const quiet = parsed.options.quiet ?? false;
  // --quiet keeps the one-line-per-error promise: errors still print, connection chatter does not.
  const handle = await startMinimongod({
    ...parsed.options,
    log: (line) => (quiet && !/error|torn|refus/i.test(line) ? undefined : console.log(`[minimongod] ${line}`)),
  });
  console.log(`[minimongod] ready: ${handle.url}`);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`[minimongod] ${signal}: shutting down`);
    handle.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('[minimongod] error while stopping', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`[minimongod] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
