/**
 * The Cordova half of `meteor run android|android-device|ios|ios-device`: which native tools a
 * run target needs and which of them this machine lacks, and the run itself once they are all
 * there. The server is started by `meteor run` beforehand and keeps running whatever happens
 * here, as in Meteor: a phone that cannot be reached must not stop the web app.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { delimiter, join } from 'node:path';
import { ToolError } from '../tool-error';
import { findAndroidToolchain } from './android-requirements';
import { inCordovaProject } from './cordova-lib';
import type { MobilePlatform } from './mobile-platforms';

export const RUN_TARGETS = ['android', 'android-device', 'ios', 'ios-device'] as const;
export type RunTarget = (typeof RUN_TARGETS)[number];

export function runTargetPlatform(target: RunTarget): MobilePlatform {
  return target.startsWith('android') ? 'android' : 'ios';
}

export function isDeviceTarget(target: RunTarget): boolean {
  return target.endsWith('-device');
}

/**
 * Checks `meteor run` arguments: each a run target whose platform is in `.meteor/platforms`
 * (usage errors, exit 2, before anything starts).
 */
export function parseRunTargets(names: readonly string[], added: readonly MobilePlatform[]): RunTarget[] {
  const out: RunTarget[] = [];
  for (const name of names) {
    const target = RUN_TARGETS.find((t) => t === name);
    if (target === undefined) throw new ToolError('usage.badValue', `Unknown run target "${name}". Valid targets: ${RUN_TARGETS.join(', ')}.`);
    const platform = runTargetPlatform(target);
    if (!added.includes(platform)) {
      throw new ToolError('usage.badValue', `The ${platform} platform is not added to this app: run \`meteor add-platform ${platform}\` first.`);
    }
    if (!out.includes(target)) out.push(target);
  }
  return out;
}

/**
 * The server URL a phone uses when `--mobile-server` is absent: this machine's first non-internal
 * IPv4 address (a phone cannot reach `localhost`), as Meteor picks it.
 */
export function defaultMobileServer(port: number): string {
  for (const list of Object.values(networkInterfaces())) {
    const address = list?.find((a) => a.family === 'IPv4' && !a.internal);
    if (address !== undefined) return `http://${address.address}:${port}`;
  }
  return `http://localhost:${port}`;
}

function onPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/** The attached Android devices `adb devices` lists as ready. */
function adbDevices(adb: string): string[] {
  const listed = spawnSync(adb, ['devices'], { encoding: 'utf8', timeout: 10_000 });
  return (listed.stdout ?? '')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p[1] === 'device')
    .map((p) => p[0] ?? '');
}

/**
 * One line per tool (or device) the target lacks on this machine, each saying how to get it;
 * empty when `cordova run` can be tried.
 */
export function runRequirements(target: RunTarget, env: NodeJS.ProcessEnv, os: NodeJS.Platform = process.platform): string[] {
  if (runTargetPlatform(target) === 'ios') {
    if (os !== 'darwin')
      return [
        `Xcode: iOS apps are built and run with Xcode, which exists only on macOS (this machine runs ${os}). Use \`meteor run ${target}\` on a Mac, or \`meteor run android\` here.`,
      ];
    const missing: string[] = [];
    if (onPath('xcodebuild', env) === undefined)
      missing.push('Xcode: no xcodebuild on PATH. Install Xcode from the App Store and run `xcode-select --install`.');
    if (isDeviceTarget(target) && onPath('ios-deploy', env) === undefined)
      missing.push('ios-deploy: needed to install on an iPhone (`npm install -g ios-deploy`), and the iPhone connected by USB and trusted.');
    return missing;
  }
  const toolchain = findAndroidToolchain(env);
  const missing = [...toolchain.missing];
  if (toolchain.sdk === undefined) return missing;
  if (isDeviceTarget(target)) {
    const adb = join(toolchain.sdk, 'platform-tools', 'adb');
    if (!existsSync(adb)) missing.push(`adb: ${adb} is missing. Install it with \`sdkmanager "platform-tools"\`.`);
    else if (adbDevices(adb).length === 0)
      missing.push(
        'Android device: `adb devices` lists none. Connect a phone by USB with USB debugging on (Settings → Developer options) and accept this computer on it.',
      );
  } else if (!existsSync(join(toolchain.sdk, 'emulator', 'emulator'))) {
    missing.push(
      'Android emulator: not installed in the SDK. Install it and a system image with `sdkmanager "emulator" "system-images;android-36;google_apis;x86_64"`, then create a device with `avdmanager create avd -n phone -k "system-images;android-36;google_apis;x86_64"`.',
    );
  }
  return missing;
}

/** `cordova run <platform> [--device|--emulator]` in the prepared project. */
export async function cordovaRun(projectDir: string, target: RunTarget, log: (line: string) => void): Promise<void> {
  const platform = runTargetPlatform(target);
  await inCordovaProject(projectDir, log, async (cordova) => {
    await cordova.run({ platforms: [platform], options: { device: isDeviceTarget(target), emulator: !isDeviceTarget(target), argv: [] } });
  });
}
