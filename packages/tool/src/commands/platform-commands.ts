import type { CommandContext } from '../cli/run-cli';
import type { ParsedArgs } from '../cli/parse-args';
import {
  addCordovaPlatform,
  copyOverride,
  ensureCordovaProject,
  hasPlatform,
  loadMobileConfig,
  removeCordovaPlatform,
  writeProjectConfig,
  cordovaProjectDir,
} from '../cordova/cordova-project';
import { parsePlatformArgs, readMobilePlatforms, readPlatformsFile, writeMobilePlatforms } from '../cordova/mobile-platforms';

/**
 * `meteor add-platform android|ios`: creates the Cordova project on first use, adds the platform
 * at its pinned version, and only then records it in `.meteor/platforms`.
 */
export async function addPlatformCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const platforms = parsePlatformArgs('add-platform', args.positionals);
  const config = loadMobileConfig(ctx.cwd);
  const recorded = readMobilePlatforms(ctx.cwd);
  const dir = await ensureCordovaProject(ctx.cwd, config);
  writeProjectConfig(ctx.cwd, dir, config, { withPlugin: false });
  copyOverride(ctx.cwd, dir);
  // A project made anew (first use, or another app id) gets the recorded platforms back too.
  for (const platform of recorded) if (!hasPlatform(dir, platform)) await addCordovaPlatform(dir, platform, ctx.out);
  for (const platform of platforms) {
    if (!hasPlatform(dir, platform)) await addCordovaPlatform(dir, platform, ctx.out);
    if (!recorded.includes(platform)) recorded.push(platform);
    writeMobilePlatforms(ctx.cwd, recorded);
    ctx.out(`${platform}: added platform`);
    if (platform === 'ios' && process.platform !== 'darwin') {
      ctx.out('   Building the iOS app needs Xcode on macOS; here `meteor build` writes the Xcode project only.');
    }
  }
  return 0;
}

/** `meteor remove-platform android|ios`: removes it from the Cordova project and `.meteor/platforms`. */
export async function removePlatformCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const platforms = parsePlatformArgs('remove-platform', args.positionals);
  const recorded = readMobilePlatforms(ctx.cwd);
  const dir = cordovaProjectDir(ctx.cwd);
  for (const platform of platforms) {
    if (!recorded.includes(platform)) {
      ctx.out(`${platform}: platform is not in this project.`);
      continue;
    }
    await removeCordovaPlatform(dir, platform, ctx.out);
    recorded.splice(recorded.indexOf(platform), 1);
    writeMobilePlatforms(ctx.cwd, recorded);
    ctx.out(`${platform}: removed platform`);
  }
  return 0;
}

/** `meteor list-platforms`: the lines of `.meteor/platforms` (server and browser when absent). */
export async function listPlatformsCommand(_args: ParsedArgs, ctx: CommandContext): Promise<number> {
  for (const line of readPlatformsFile(ctx.cwd)) ctx.out(line);
  return 0;
}
