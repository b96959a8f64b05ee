import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunTargets, runRequirements } from './mobile-run';

describe('parseRunTargets', () => {
  it('takes the four targets of added platforms, once each', () => {
    assert.deepEqual(parseRunTargets(['android', 'android-device', 'android'], ['android']), ['android', 'android-device']);
  });

  it('refuses an unknown target and a platform not added, saying what to do', () => {
    assert.throws(() => parseRunTargets(['windows'], ['android']), /Unknown run target "windows"\. Valid targets: android, android-device, ios, ios-device\./);
    assert.throws(() => parseRunTargets(['ios-device'], ['android']), /run `meteor add-platform ios` first/);
  });
});

/**
 * A machine with an Android SDK, a JDK and Gradle, but no emulator and no phone attached: the
 * SDK layout and the tools are stand-ins (no SDK can be installed here); `adb devices` is a script
 * printing what the real one prints with nothing attached.
 */
describe('runRequirements with an SDK but no emulator or device', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'perseid-sdk-'));
    const sdk = join(dir, 'sdk');
    const bin = join(dir, 'bin');
    mkdirSync(join(sdk, 'platform-tools'), { recursive: true });
    mkdirSync(bin);
    const script = (path: string, body: string): void => {
      writeFileSync(path, `#!/bin/sh\n${body}\n`);
      chmodSync(path, 0o755);
    };
    script(join(sdk, 'platform-tools', 'adb'), 'echo "List of devices attached"; echo');
    script(join(bin, 'javac'), 'exit 0');
    script(join(bin, 'gradle'), 'exit 0');
    env = { ANDROID_HOME: sdk, PATH: bin, HOME: dir };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('android (emulator): names the missing emulator and how to install it and a device image', () => {
    const missing = runRequirements('android', env, 'linux');
    assert.equal(missing.length, 1, missing.join('\n'));
    assert.match(missing[0] ?? '', /^Android emulator: not installed in the SDK\. Install it and a system image with `sdkmanager "emulator"/);
  });

  it('android-device: no phone attached is said as such, with how to connect one', () => {
    const missing = runRequirements('android-device', env, 'linux');
    assert.equal(missing.length, 1, missing.join('\n'));
    assert.match(missing[0] ?? '', /^Android device: `adb devices` lists none\. Connect a phone by USB with USB debugging on/);
  });

  it('ios on Linux: Xcode exists only on macOS', () => {
    assert.match(
      runRequirements('ios-device', env, 'linux')[0] ?? '',
      /^Xcode: iOS apps are built and run with Xcode, which exists only on macOS \(this machine runs linux\)/,
    );
  });
});
