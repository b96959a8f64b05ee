import { flagStrings, flagString, parseArgs } from '../cli/parse-args';
import { isToolError, ToolError } from '../tool-error';
import type { TestStage } from './test-orchestrator';
import { runTestOrchestrator, TEST_STAGES } from './test-orchestrator';

export const TEST_SCRIPT_USAGE = `Usage: npm test -- [--only <stage>]... [--filter <text>]... [--grep <pattern>] [<text>...]

Runs, in order: lint and format check (Biome), typecheck, node package tests, browser package
tests (headless Chromium), app tests (meteor test --once) and end-to-end tests, then prints one line
"N passed, N failed[, N skipped]". Exit code 0 only when nothing failed.

  --only <stage>    run only this stage (lint, typecheck, node, browser, app, e2e, compat); repeatable
                    or comma-separated
  --filter <text>   keep only test files whose path contains <text>; repeatable; positional
                    arguments are filters too (the typecheck stage is skipped when filtering)
  --grep <pattern>  only tests whose full title matches (mocha's --grep), in every stage
  CHROME_PATH       Chromium binary (default /usr/bin/chromium)`;

/** `scripts/test.mjs`: parses the command line, runs the stages, returns the exit code. */
export async function runTestScript(argv: readonly string[], root: string): Promise<number> {
  try {
    const args = parseArgs(
      argv,
      { only: { kind: 'string', repeatable: true }, filter: { kind: 'string', repeatable: true }, grep: { kind: 'string' }, help: { kind: 'boolean' } },
      'test-script',
    );
    if (args.flags.has('help')) {
      console.log(TEST_SCRIPT_USAGE);
      return 0;
    }
    const only = flagStrings(args, 'only')
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== '');
    for (const stage of only) {
      if (!(TEST_STAGES as readonly string[]).includes(stage))
        throw new ToolError('usage.badValue', `Unknown stage "${stage}"; stages: ${TEST_STAGES.join(', ')}.`);
    }
    const grep = flagString(args, 'grep');
    const stats = await runTestOrchestrator({
      root,
      only: only as TestStage[],
      filters: [...flagStrings(args, 'filter'), ...args.positionals],
      ...(grep === undefined ? {} : { grep }),
    });
    return stats.failed > 0 ? 1 : 0;
  } catch (error) {
    if (!isToolError(error)) throw error;
    console.error(error.message);
    if (error.exitCode === 2) console.error(`\n${TEST_SCRIPT_USAGE}`);
    return error.exitCode;
  }
}
