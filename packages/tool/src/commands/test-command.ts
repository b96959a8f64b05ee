import { writeFileSync } from 'node:fs';
import type { CommandContext } from '../cli/run-cli';
import type { ParsedArgs } from '../cli/parse-args';
import { flagBoolean, flagPort, flagString, flagStrings } from '../cli/parse-args';
import { readAppConfig } from '../app/app-config';
import { runAppTestsOnce } from '../app/app-test-run';
import { readMeteorPackages } from '../app/meteor-packages';
import { watchAppFiles } from '../app/app-watcher';
import { loadSettings } from '../app/settings';
import { MOCHA_GREP_ENV, TEST_STATS_FILE_ENV } from '../test-runner/test-orchestrator';
import { formatSummaryLine } from '../test-runner/test-stats';
import { ToolError } from '../tool-error';

/**
 * `meteor test`: one pass with `--once` (exit code from its result), else a pass per change
 * until Ctrl-C. Under `npm test` the counts go to the orchestrator's stats file instead of a
 * summary line of our own, so the whole run ends with exactly one.
 */
export async function testCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  if (args.positionals.length > 0)
    throw new ToolError('usage.unexpectedArgument', `meteor test takes no arguments (got "${args.positionals.join(' ')}"); use --filter.`);
  const settings = loadSettings(flagString(args, 'settings'), ctx.env, ctx.cwd);
  const packages = readMeteorPackages(ctx.cwd);
  const config = readAppConfig(ctx.cwd);
  const grep = ctx.env[MOCHA_GREP_ENV];
  const run = () =>
    runAppTestsOnce({
      root: ctx.cwd,
      env: ctx.env,
      mode: flagBoolean(args, 'full-app') ? 'full-app' : 'unit',
      port: flagPort(args, 'port'),
      settings,
      config,
      packages,
      filters: flagStrings(args, 'filter'),
      log: ctx.out,
      ...(grep === undefined || grep === '' ? {} : { grep }),
    });

  if (flagBoolean(args, 'once')) {
    const stats = await run();
    const statsFile = ctx.env[TEST_STATS_FILE_ENV];
    if (statsFile !== undefined && statsFile !== '') writeFileSync(statsFile, JSON.stringify(stats));
    else ctx.out(`\n${formatSummaryLine(stats)}`);
    return stats.failed > 0 ? 1 : 0;
  }

  let running: Promise<void> = Promise.resolve();
  const pass = (): void => {
    running = running.then(async () => {
      const stats = await run();
      ctx.out(`\n${formatSummaryLine(stats)}\n=> Waiting for file changes (Ctrl-C to stop).`);
    });
  };
  pass();
  const stop = watchAppFiles(ctx.cwd, () => pass());
  await new Promise<void>((resolve) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  stop();
  await running;
  return 0;
}
