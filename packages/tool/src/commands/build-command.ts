import type { CommandContext } from '../cli/run-cli';
import type { ParsedArgs } from '../cli/parse-args';

export async function buildCommand(_args: ParsedArgs, ctx: CommandContext): Promise<number> {
  ctx.err('meteor build: not implemented yet');
  return 1;
}
