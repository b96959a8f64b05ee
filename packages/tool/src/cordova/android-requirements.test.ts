import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAndroidToolchain } from './android-requirements';

describe('findAndroidToolchain', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'perseid-android-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const tool = (name: string): void => {
    mkdirSync(join(dir, 'bin'), { recursive: true });
    writeFileSync(join(dir, 'bin', name), '#!/bin/sh\n');
    chmodSync(join(dir, 'bin', name), 0o755);
  };

  it('lists each missing tool with how to get it', () => {
    const found = findAndroidToolchain({ HOME: dir, PATH: join(dir, 'bin') });
    assert.equal(found.sdk, undefined);
    assert.equal(found.missing.length, 3);
    assert.match(found.missing[0] ?? '', /^Android SDK: ANDROID_HOME is not set.*sdkmanager "platform-tools" "platforms;android-36" "build-tools;36\.0\.0"/);
    assert.match(found.missing[1] ?? '', /^JDK: .*JDK 17/);
    assert.match(found.missing[2] ?? '', /^Gradle: no gradle on PATH/);
  });

  it('says when ANDROID_HOME points at something that is not an SDK', () => {
    const found = findAndroidToolchain({ HOME: dir, PATH: '', ANDROID_HOME: join(dir, 'nothing') });
    assert.match(found.missing[0] ?? '', /ANDROID_HOME=.*nothing holds no SDK/);
  });

  it('finds an SDK, a JDK and Gradle, and then nothing is missing', () => {
    mkdirSync(join(dir, 'sdk', 'platform-tools'), { recursive: true });
    tool('javac');
    tool('gradle');
    const found = findAndroidToolchain({ HOME: dir, PATH: join(dir, 'bin'), ANDROID_HOME: join(dir, 'sdk') });
    assert.deepEqual(found, { sdk: join(dir, 'sdk'), missing: [] });
  });
});
