import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePortPair } from '../src/app/port-check';
import { cleanEnv, copyFixtureApp, METEOR_BIN, startCommand } from './fixture-app';

/**
 * `meteor run android|android-device|ios|ios-device` with the real CLI on a machine with no
 * Android SDK and no Xcode: the server starts, each target says what it lacks, and the server
 * keeps answering.
 */
describe('meteor run <mobile target> (no SDK)', function () {
  this.timeout(120_000);
  let app: ReturnType<typeof copyFixtureApp>;
  const noSdkEnv = (): NodeJS.ProcessEnv => {
    const env = cleanEnv({ HOME: app.dir, PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
    for (const key of ['ANDROID_HOME', 'ANDROID_SDK_ROOT', 'JAVA_HOME']) delete env[key];
    return env;
  };

  before(() => {
    app = copyFixtureApp();
    mkdirSync(join(app.dir, '.meteor'), { recursive: true });
    // The platforms as add-platform records them; the run checks its tools before touching the project.
    writeFileSync(join(app.dir, '.meteor', 'platforms'), 'server\nbrowser\nandroid\nios\n');
    writeFileSync(join(app.dir, 'mobile-config.js'), "App.info({ id: 'org.example.fixture', name: 'Fixture Chat' });\n");
  });
  after(() => app.remove());

  it('an unknown target or a platform not added is a usage error before anything starts', async () => {
    let run = startCommand([METEOR_BIN, 'run', 'windows-phone'], app.dir, noSdkEnv());
    assert.equal(await run.exited, 2, run.output());
    assert.match(run.output(), /Unknown run target "windows-phone"\. Valid targets: android, android-device, ios, ios-device\./);
    writeFileSync(join(app.dir, '.meteor', 'platforms'), 'server\nbrowser\nios\n');
    run = startCommand([METEOR_BIN, 'run', 'android'], app.dir, noSdkEnv());
    assert.equal(await run.exited, 2, run.output());
    assert.match(run.output(), /The android platform is not added to this app: run `meteor add-platform android` first\./);
    writeFileSync(join(app.dir, '.meteor', 'platforms'), 'server\nbrowser\nandroid\nios\n');
  });

  it('android-device and ios without their tools: each says what is missing and how to get it; the server keeps serving', async () => {
    const port = await freePortPair();
    const run = startCommand(
      [METEOR_BIN, 'run', 'android-device', 'ios', '--port', String(port), '--mobile-server', 'http://192.0.2.10:4000'],
      app.dir,
      noSdkEnv(),
    );
    try {
      await run.waitFor(/App running at: http:\/\/localhost:\d+\//);
      await run.waitFor(/=> ios: the app cannot be started here/);
      const output = run.output();
      assert.match(
        output,
        /=> android-device: the app cannot be started here; this machine lacks\n\s+- Android SDK: ANDROID_HOME is not set.*sdkmanager "platform-tools"/,
      );
      assert.match(output, /- Gradle: no gradle on PATH/);
      assert.match(
        output,
        /=> ios: the app cannot be started here; this machine lacks\n\s+- Xcode: iOS apps are built and run with Xcode, which exists only on macOS/,
      );
      assert.match(output, /The server keeps running at http:\/\/localhost:\d+\/ \(the phone app would use http:\/\/192\.0\.2\.10:4000\)/);
      assert.equal(run.child.exitCode, null, 'the command is still running');
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } });
      assert.equal(response.status, 200);
      assert.match(await response.text(), /__meteor_runtime_config__/);
      // Hot code push sends the phone pages that talk to the mobile server, not to this machine's localhost.
      const cordovaIndex = await (await fetch(`http://127.0.0.1:${port}/__cordova/`)).text();
      const encoded = /__meteor_runtime_config__ = JSON\.parse\(decodeURIComponent\("([^"]*)"\)\)/.exec(cordovaIndex)?.[1];
      const runtime = JSON.parse(decodeURIComponent(encoded ?? '{}')) as Record<string, unknown>;
      assert.equal(runtime['ROOT_URL'], 'http://192.0.2.10:4000');
      assert.equal(runtime['DDP_DEFAULT_CONNECTION_URL'], 'http://192.0.2.10:4000');
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGINT');
      await run.exited;
    }
  });
});
