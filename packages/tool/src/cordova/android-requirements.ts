/**
 * What `cordova build android` needs besides the project: an Android SDK, a JDK and Gradle
 * (cordova-android 15: compile SDK 36, build-tools 36.0.0, Android Gradle Plugin 8.10, which needs
 * JDK 17). Checked before building so a machine without them gets one clear list instead of a
 * Gradle stack trace.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface AndroidToolchain {
  /** The SDK directory found, if any. */
  readonly sdk: string | undefined;
  /** One line per missing tool, each saying how to get it; empty when a build can run. */
  readonly missing: readonly string[];
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  const names = process.platform === 'win32' ? [`${command}.exe`, `${command}.bat`, `${command}.cmd`] : [command];
  return (env['PATH'] ?? '').split(delimiter).some((dir) => dir !== '' && names.some((n) => existsSync(join(dir, n))));
}

export function findAndroidToolchain(env: NodeJS.ProcessEnv = process.env): AndroidToolchain {
  const home = env['HOME'] ?? homedir();
  const candidates = [env['ANDROID_HOME'], env['ANDROID_SDK_ROOT'], join(home, 'Android', 'Sdk'), join(home, 'Library', 'Android', 'sdk')];
  const sdk = candidates.find(
    (dir): dir is string => dir !== undefined && dir !== '' && (existsSync(join(dir, 'platform-tools')) || existsSync(join(dir, 'cmdline-tools'))),
  );
  const missing: string[] = [];
  if (sdk === undefined) {
    const where =
      env['ANDROID_HOME'] === undefined || env['ANDROID_HOME'] === ''
        ? 'ANDROID_HOME is not set'
        : `ANDROID_HOME=${env['ANDROID_HOME']} holds no SDK (no platform-tools/ or cmdline-tools/)`;
    missing.push(
      `Android SDK: ${where}, and none was found in ~/Android/Sdk. Install Android Studio, or the command-line tools (https://developer.android.com/studio#command-tools) and then \`sdkmanager "platform-tools" "platforms;android-36" "build-tools;36.0.0"\`, and set ANDROID_HOME to the SDK directory.`,
    );
  }
  const javaHome = env['JAVA_HOME'];
  if (!(javaHome !== undefined && javaHome !== '' && existsSync(join(javaHome, 'bin', 'javac'))) && !onPath('javac', env)) {
    missing.push(
      'JDK: no javac on PATH and JAVA_HOME is not a JDK. Install a JDK 17 or later (e.g. `apt-get install openjdk-17-jdk-headless`) and set JAVA_HOME.',
    );
  }
  if (!onPath('gradle', env)) {
    missing.push('Gradle: no gradle on PATH (Cordova uses it to create the Gradle wrapper). Install Gradle 8 (https://gradle.org/install/).');
  }
  return { sdk, missing };
}
