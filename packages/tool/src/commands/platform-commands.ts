import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../cli/run-cli';
import type { ParsedArgs } from '../cli/parse-args';
import { ToolError } from '../tool-error';

const MOBILE = new Set(['android', 'ios']);

function mobileNotYet(verb: string, args: ParsedArgs, ctx: CommandContext): number {
  if (args.positionals.length === 0) throw new ToolError('usage.missingValue', `meteor ${verb} needs a platform: android or ios.`);
  for (const p of args.positionals) {
    if (!MOBILE.has(p)) throw new ToolError('usage.badValue', `Unknown platform "${p}"; mobile platforms are android and ios.`);
  }
  ctx.out(`Cordova platforms (${args.positionals.join(', ')}) are not available yet in Perseid: mobile builds come with a later issue. Nothing was changed.`);
  return 0;
}

export async function addPlatformCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  return mobileNotYet('add-platform', args, ctx);
}

export async function removePlatformCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  return mobileNotYet('remove-platform', args, ctx);
}

/** Lists `.meteor/platforms` (server and browser today). */
export async function listPlatformsCommand(_args: ParsedArgs, ctx: CommandContext): Promise<number> {
  let text = 'server\nbrowser\n';
  try {
    text = readFileSync(join(ctx.cwd, '.meteor', 'platforms'), 'utf8');
  } catch {
    // No file: Meteor's defaults.
  }
  for (const line of text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))) ctx.out(line);
  return 0;
}
