import type { CommandContext } from '../cli/run-cli';
import type { ParsedArgs } from '../cli/parse-args';

export async function testCommand(_args: ParsedArgs, ctx: CommandContext): Promise<number> {
  ctx.err('meteor test: not implemented yet');
  return 1;
}
