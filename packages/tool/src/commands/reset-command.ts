import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../cli/run-cli';
import type { ParsedArgs } from '../cli/parse-args';
import { ToolError } from '../tool-error';
import { liveRunLocks } from '../app/run-lock';

/** `meteor reset`: removes `.meteor/local`, never under a running `meteor run`. */
export async function resetCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  if (args.positionals.length > 0) throw new ToolError('usage.unexpectedArgument', `meteor reset takes no arguments (got "${args.positionals.join(' ')}").`);
  const running = liveRunLocks(ctx.cwd);
  if (running.length > 0) {
    throw new ToolError(
      'app.running',
      `The app is running (meteor run, pid ${running.map((l) => l.pid).join(', ')}); stop it with Ctrl-C before \`meteor reset\`.`,
    );
  }
  const local = join(ctx.cwd, '.meteor', 'local');
  if (!existsSync(local)) {
    ctx.out('Nothing to reset: .meteor/local does not exist.');
    return 0;
  }
  rmSync(local, { recursive: true, force: true });
  ctx.out('Project reset: removed .meteor/local (development database and build output).');
  return 0;
}
