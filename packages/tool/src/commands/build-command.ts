import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from '../cli/run-cli';
import type { ParsedArgs } from '../cli/parse-args';
import { flagBoolean, flagString } from '../cli/parse-args';
import { readAppConfig } from '../app/app-config';
import { readBuiltClientPage } from '../server/built-client-page';
import { loadSettings } from '../app/settings';
import { ToolError } from '../tool-error';
import { cordovaAppOrigins, loadMobileConfig } from '../cordova/cordova-project';
import { readMobilePlatforms } from '../cordova/mobile-platforms';

/**
 * `meteor build <dir> [--server URL] [--directory] [--packageType apk|bundle]`. With a mobile
 * platform in `.meteor/platforms`, `--server` is required (the phone has no other way to find
 * the server) and a Cordova project per platform is written beside the server bundle.
 */
export async function buildCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const [dir, ...extra] = args.positionals;
  if (dir === undefined) throw new ToolError('usage.missingValue', 'meteor build needs an output directory: meteor build <dir>.');
  if (extra.length > 0) throw new ToolError('usage.unexpectedArgument', `meteor build takes one directory (got "${args.positionals.join(' ')}").`);
  const server = flagString(args, 'server');
  if (server !== undefined && !/^https?:\/\/[^/]+/.test(server)) throw new ToolError('usage.badValue', `--server must be an http(s) URL (got "${server}").`);
  const packageType = flagString(args, 'packageType') ?? 'bundle';
  if (packageType !== 'bundle' && packageType !== 'apk') throw new ToolError('usage.badValue', `--packageType must be apk or bundle (got "${packageType}").`);
  const mobile = readMobilePlatforms(ctx.cwd);
  if (mobile.length > 0 && server === undefined) {
    throw new ToolError(
      'usage.missingValue',
      `This app has mobile platforms (${mobile.join(', ')}): supply the server's URL for the mobile apps with --server, e.g. meteor build ${dir} --server https://app.example.com`,
    );
  }
  // Read before the slow server build, so a broken mobile-config.js or settings file fails at once.
  const mobileConfig = mobile.length > 0 ? loadMobileConfig(ctx.cwd) : undefined;
  const mobileSettings = mobile.length > 0 ? loadSettings(flagString(args, 'mobile-settings'), ctx.env, ctx.cwd).settings : {};
  const outDir = resolve(ctx.cwd, dir);
  const { buildBundle } = await import('../client-build/build-bundle');
  const bundle = await buildBundle({
    root: ctx.cwd,
    outDir,
    ...(server === undefined ? {} : { serverUrl: server }),
    cordova: mobileConfig !== undefined,
    allowedOrigins: cordovaAppOrigins(ctx.cwd),
    log: ctx.out,
  });
  let missing: readonly string[] = [];
  if (mobileConfig !== undefined && server !== undefined) {
    const { buildMobile } = await import('../cordova/mobile-build');
    const { CORDOVA_PROGRAM_DIR } = await import('../client-build/build-bundle');
    const clientDir = resolve(bundle, CORDOVA_PROGRAM_DIR);
    const result = await buildMobile({
      root: ctx.cwd,
      outDir,
      serverUrl: server,
      platforms: mobile,
      config: mobileConfig,
      clientDir,
      page: readBuiltClientPage(clientDir),
      settings: mobileSettings,
      packageType,
      env: process.env,
      log: ctx.out,
    });
    missing = result.missing;
  }
  const finish = (code: number): number => {
    if (missing.length === 0) return code;
    // The projects and the server bundle are written; only the native Android build is missing.
    throw new ToolError(
      'cordova.sdkMissing',
      [
        'The Android app was not built: this machine lacks',
        ...missing.map((m) => `  - ${m}`),
        `The Cordova project is complete in ${resolve(outDir, 'android', 'project')}: build it there with \`npx cordova build android --release -- --packageType=${packageType}\` once the tools are installed, or run meteor build again.`,
      ].join('\n'),
    );
  };
  if (flagBoolean(args, 'directory')) {
    ctx.out(`=> Bundle written to ${bundle}\n   Run it with: cd ${bundle} && node main.js`);
    return finish(0);
  }
  const archive = resolve(outDir, `${readAppConfig(ctx.cwd).name.replace(/[^a-zA-Z0-9._-]/g, '_')}.tar.gz`);
  const tar = spawnSync('tar', ['-czf', archive, '-C', outDir, 'bundle'], { stdio: 'inherit' });
  if (tar.status !== 0) throw new ToolError('build.failed', `Creating ${archive} with tar failed; use --directory to get the bundle as a directory.`);
  rmSync(bundle, { recursive: true, force: true });
  ctx.out(`=> Bundle archive written to ${archive}\n   Run it with: tar -xzf ${archive} && cd bundle && node main.js`);
  return finish(0);
}
