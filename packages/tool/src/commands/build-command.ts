import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../cli/run-cli';
import type { ParsedArgs } from '../cli/parse-args';
import { flagBoolean, flagString } from '../cli/parse-args';
import { readAppConfig } from '../app/app-config';
import { ToolError } from '../tool-error';

/** `meteor build <dir> [--server URL] [--directory]`. */
export async function buildCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const [dir, ...extra] = args.positionals;
  if (dir === undefined) throw new ToolError('usage.missingValue', 'meteor build needs an output directory: meteor build <dir>.');
  if (extra.length > 0) throw new ToolError('usage.unexpectedArgument', `meteor build takes one directory (got "${args.positionals.join(' ')}").`);
  const server = flagString(args, 'server');
  if (server !== undefined && !/^https?:\/\/[^/]+/.test(server)) throw new ToolError('usage.badValue', `--server must be an http(s) URL (got "${server}").`);
  const outDir = resolve(ctx.cwd, dir);
  const { buildBundle } = await import('../client-build/build-bundle');
  const bundle = await buildBundle({ root: ctx.cwd, outDir, ...(server === undefined ? {} : { serverUrl: server }), log: ctx.out });
  if (flagBoolean(args, 'directory')) {
    ctx.out(`=> Bundle written to ${bundle}\n   Run it with: cd ${bundle} && node main.js`);
    return 0;
  }
  const archive = resolve(outDir, `${readAppConfig(ctx.cwd).name.replace(/[^a-zA-Z0-9._-]/g, '_')}.tar.gz`);
  const tar = spawnSync('tar', ['-czf', archive, '-C', outDir, 'bundle'], { stdio: 'inherit' });
  if (tar.status !== 0) throw new ToolError('build.failed', `Creating ${archive} with tar failed; use --directory to get the bundle as a directory.`);
  rmSync(bundle, { recursive: true, force: true });
  ctx.out(`=> Bundle archive written to ${archive}\n   Run it with: tar -xzf ${archive} && cd bundle && node main.js`);
  return 0;
}
