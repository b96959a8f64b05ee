import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from '../src/app/port-check';
import { encodePng } from '../src/cordova/png';
import { cleanEnv, copyFixtureApp, METEOR_BIN, startCommand } from './fixture-app';

const require = createRequire(import.meta.url);
const CORDOVA_BIN = join(dirname(require.resolve('cordova/package.json')), 'bin', 'cordova');
const { ConfigParser } = require('cordova-common') as {
  ConfigParser: new (
    file: string,
  ) => {
    packageName(): string;
    name(): string;
    version(): string;
    android_versionCode(): string;
    getGlobalPreference(name: string): string;
    getPlatformPreference(name: string, platform: string): string;
    getAccesses(): { origin: string }[];
    getAllowIntents(): { href: string }[];
    getPlugins(): { name: string; spec: string }[];
  };
};

/** The runtime config of a Cordova index.html, read with the pattern the native plugin uses. */
function cordovaRuntimeConfig(html: string): Record<string, unknown> {
  const encoded = /__meteor_runtime_config__ = JSON.parse\(decodeURIComponent\("([^"]*)"\)\)/.exec(html)?.[1];
  assert.ok(encoded !== undefined, 'the plugin finds the runtime config in index.html');
  return JSON.parse(decodeURIComponent(encoded)) as Record<string, unknown>;
}

const MOBILE_CONFIG = `App.info({ id: 'org.example.fixture', name: 'Fixture Chat', version: '1.4.2', buildNumber: '9', author: 'Fixture' });
App.icons({ android_xhdpi: 'resources/icon-96.png', iphone_2x: 'resources/icon-120.png' });
App.launchScreens({ android: { src: 'resources/splash.png', srcDarkMode: 'resources/splash-dark.png' } });
App.setPreference('BackgroundColor', '0xff202124');
App.setPreference('Orientation', 'portrait', 'android');
App.accessRule('mailto:*', { type: 'intent' });
`;

/**
 * The real Cordova CLI end to end on the fixture app, with no Android SDK: one project made by
 * add-platform and `meteor build --server`, shared by the its below, which run in order.
 */
describe('meteor add-platform / build --server / remove-platform (real Cordova, no SDK)', function () {
  this.timeout(240_000);
  let app: ReturnType<typeof copyFixtureApp>;
  // No SDK and no Gradle anywhere this build can look (HOME is the app, PATH only node's and the system's).
  const noSdkEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
    const env = cleanEnv({ HOME: app.dir, PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, ...extra });
    for (const key of ['ANDROID_HOME', 'ANDROID_SDK_ROOT', 'MOBILE_ROOT_URL', 'MOBILE_DDP_URL']) if (extra[key] === undefined) delete env[key];
    return env;
  };
  const meteor = async (args: string[], env: NodeJS.ProcessEnv = noSdkEnv()): Promise<{ code: number | null; output: string }> => {
    const run = startCommand([METEOR_BIN, ...args], app.dir, env);
    const code = await run.exited;
    return { code, output: run.output() };
  };

  before(() => {
    app = copyFixtureApp();
    mkdirSync(join(app.dir, 'resources'));
    const square = (size: number, rgb: [number, number, number]): Buffer => encodePng(size, size, () => [...rgb, 255]);
    writeFileSync(join(app.dir, 'resources', 'icon-96.png'), square(96, [40, 90, 200]));
    writeFileSync(join(app.dir, 'resources', 'icon-120.png'), square(120, [40, 90, 200]));
    writeFileSync(join(app.dir, 'resources', 'splash.png'), square(288, [255, 255, 255]));
    writeFileSync(join(app.dir, 'resources', 'splash-dark.png'), square(288, [0, 0, 0]));
    writeFileSync(join(app.dir, 'mobile-config.js'), MOBILE_CONFIG);
    // Replaces a file the tool itself writes into the project, so only a copy made last survives.
    mkdirSync(join(app.dir, 'cordova-build-override', 'resources', 'icons'), { recursive: true });
    writeFileSync(join(app.dir, 'cordova-build-override', 'resources', 'icons', 'iphone_2x.png'), 'overridden');
  });
  after(() => app.remove());

  it('an unknown platform is a usage error listing the valid ones, and changes nothing', async () => {
    const { code, output } = await meteor(['add-platform', 'windows']);
    assert.equal(code, 2, output);
    assert.match(output, /Unknown platform "windows"\. Valid platforms: android, ios\./);
    assert.ok(!existsSync(join(app.dir, '.meteor', 'platforms')) || !readFileSync(join(app.dir, '.meteor', 'platforms'), 'utf8').includes('windows'));
  });

  it('a platform Cordova fails to add is not recorded, and the command says why (no stack trace)', async () => {
    // A project cordova-lib refuses: no www/, and a file where its platforms/ directory goes.
    const project = join(app.dir, '.meteor', 'local', 'cordova-build');
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, 'config.xml'),
      '<?xml version="1.0"?><widget id="org.example.fixture" xmlns="http://www.w3.org/ns/widgets"><name>x</name></widget>\n',
    );
    writeFileSync(join(project, 'package.json'), '{"name":"org.example.fixture","version":"1.0.0"}\n');
    writeFileSync(join(project, 'platforms'), 'not a directory');
    try {
      const { code, output } = await meteor(['add-platform', 'android']);
      assert.equal(code, 1, output);
      assert.match(output, /Adding the Cordova platform android@15\.1\.0 failed: /);
      assert.doesNotMatch(output, /\n\s+at /, 'a message, not a stack trace');
      assert.ok(!existsSync(join(app.dir, '.meteor', 'platforms')) || !readFileSync(join(app.dir, '.meteor', 'platforms'), 'utf8').includes('android'));
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('add-platform android creates the Cordova project, adds cordova-android and records the platform', async () => {
    const { code, output } = await meteor(['add-platform', 'android']);
    assert.equal(code, 0, output);
    assert.match(output, /android: added platform/);
    const project = join(app.dir, '.meteor', 'local', 'cordova-build');
    assert.ok(existsSync(join(project, 'platforms', 'android', 'app', 'src', 'main', 'java', 'org', 'example', 'fixture', 'MainActivity.java')));
    assert.equal(JSON.parse(readFileSync(join(project, 'platforms', 'android', 'cdv-gradle-config.json'), 'utf8')).PACKAGE_NAMESPACE, 'org.example.fixture');
    assert.deepEqual(
      readFileSync(join(app.dir, '.meteor', 'platforms'), 'utf8')
        .trim()
        .split('\n'),
      ['server', 'browser', 'android'],
    );
    const list = await meteor(['list-platforms']);
    assert.deepEqual(list.output.trim().split('\n'), ['server', 'browser', 'android']);
  });

  it('build without --server is an error once a mobile platform is added', async () => {
    const { code, output } = await meteor(['build', 'out', '--directory']);
    assert.equal(code, 2, output);
    assert.match(output, /mobile platforms \(android\): supply the server's URL for the mobile apps with --server/);
    assert.ok(!existsSync(join(app.dir, 'out')));
  });

  it('a broken mobile-config.js or a missing icon fails the build at once, naming file and line', async () => {
    const file = join(app.dir, 'mobile-config.js');
    writeFileSync(file, `${MOBILE_CONFIG}App.setPreference('Fullscreen', true\n`);
    let run = await meteor(['build', 'out', '--server', 'https://chat.example.com']);
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7: SyntaxError`));
    writeFileSync(file, MOBILE_CONFIG.replace('resources/icon-120.png', 'resources/icon-180.png'));
    run = await meteor(['build', 'out', '--server', 'https://chat.example.com']);
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /mobile-config\.js:2: App\.icons iphone_2x: file "resources\/icon-180\.png" does not exist/);
    assert.ok(!existsSync(join(app.dir, 'out')), 'nothing is built from a broken mobile-config.js');
    writeFileSync(file, MOBILE_CONFIG);
  });

  it('build --server writes android/project: config.xml, the plugin, www pointing at the server; says what is missing for the APK', async () => {
    mkdirSync(join(app.dir, 'public'), { recursive: true });
    writeFileSync(join(app.dir, 'public', 'terms.txt'), 'the terms');
    writeFileSync(join(app.dir, 'mobile-settings.json'), JSON.stringify({ public: { motd: 'hello phones' }, smtpPassword: 'never-on-a-phone' }));
    const { code, output } = await meteor(
      ['build', 'out', '--directory', '--server', 'https://chat.example.com', '--mobile-settings', 'mobile-settings.json'],
      noSdkEnv({ MOBILE_DDP_URL: 'https://ddp.example.com' }),
    );
    assert.equal(code, 1, output);
    assert.match(output, /The Android app was not built: this machine lacks\n\s+- Android SDK: ANDROID_HOME is not set/);
    assert.match(output, /sdkmanager "platform-tools" "platforms;android-36" "build-tools;36\.0\.0"/);
    assert.match(output, /- Gradle: no gradle on PATH/);
    assert.ok(existsSync(join(app.dir, 'out', 'bundle', 'main.js')), 'the server bundle is still written');

    const project = join(app.dir, 'out', 'android', 'project');
    assert.match(output, new RegExp(`The Cordova project is complete in ${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const cfg = new ConfigParser(join(project, 'config.xml'));
    assert.deepEqual([cfg.packageName(), cfg.name(), cfg.version(), cfg.android_versionCode()], ['org.example.fixture', 'Fixture Chat', '1.4.2', '9']);
    assert.equal(cfg.getGlobalPreference('BackgroundColor'), '0xff202124');
    assert.equal(cfg.getPlatformPreference('Orientation', 'android'), 'portrait');
    assert.ok(cfg.getAccesses().some((a) => a.origin === 'https://chat.example.com/*'));
    assert.deepEqual(
      cfg.getAllowIntents().map((i) => i.href),
      ['mailto:*'],
    );
    assert.deepEqual(
      cfg.getPlugins().map((p) => [p.name, p.spec]),
      [['cordova-plugin-meteor-webapp', '2.0.4']],
    );
    assert.ok(existsSync(join(project, 'plugins', 'cordova-plugin-meteor-webapp', 'plugin.xml')));
    assert.ok(!existsSync(join(project, 'platforms', 'ios')));

    const app_ = join(project, 'www', 'application');
    assert.equal(
      readFileSync(join(project, 'resources', 'icons', 'iphone_2x.png'), 'utf8'),
      'overridden',
      'cordova-build-override/ is copied over the project last',
    );
    const html = readFileSync(join(app_, 'index.html'), 'utf8');
    const runtime = cordovaRuntimeConfig(html);
    assert.equal(runtime['ROOT_URL'], 'https://chat.example.com');
    assert.equal(runtime['DDP_DEFAULT_CONNECTION_URL'], 'https://ddp.example.com', 'MOBILE_DDP_URL overrides the DDP URL');
    assert.deepEqual(runtime['PUBLIC_SETTINGS'], { motd: 'hello phones' }, 'the public settings are in the page, as in the web page');
    assert.doesNotMatch(html, /never-on-a-phone/);
    assert.equal(runtime['isCordova'], undefined, 'Meteor.isCordova comes from the web.cordova build, not from the page');
    assert.match(html, /<script src="\/cordova\.js"><\/script>/);
    const script = /<script type="module" src="\/(assets\/[^"]+\.js)">/.exec(html)?.[1];
    assert.ok(script !== undefined && existsSync(join(app_, script)), "the page's script is in www/application");

    // The phone gets the web.cordova program, a separate build from the browser's.
    const bundle = join(app.dir, 'out', 'bundle');
    const cordovaPage = JSON.parse(readFileSync(join(bundle, 'web.cordova', 'page.json'), 'utf8')) as { scripts: string[]; clientVersion: string };
    const browserPage = JSON.parse(readFileSync(join(bundle, 'client', 'page.json'), 'utf8')) as { scripts: string[]; clientVersion: string };
    assert.deepEqual(cordovaPage.scripts, [`/${script}`]);
    assert.notEqual(cordovaPage.clientVersion, browserPage.clientVersion);
    assert.notEqual(
      readFileSync(join(app_, script), 'utf8'),
      readFileSync(join(bundle, 'client', browserPage.scripts[0] ?? ''), 'utf8'),
      "the browser program is not the phone's",
    );
    const program = JSON.parse(readFileSync(join(app_, 'program.json'), 'utf8')) as {
      version: string;
      cordovaCompatibilityVersions: Record<string, string>;
      manifest: { path: string; url?: string; where: string }[];
    };
    assert.match(program.version, /^[0-9a-f]{40}$/);
    assert.equal(runtime['autoupdateVersionCordova'], program.version, 'the plugin checks index.html against the manifest version');

    // The bundle's server publishes the version the phone starts on: no download until a redeploy.
    const port = await freePort();
    // Deployed with the settings the phone was built with (their public part is in the version).
    const settings = readFileSync(join(app.dir, 'mobile-settings.json'), 'utf8');
    const server = startCommand(
      ['main.js'],
      join(app.dir, 'out', 'bundle'),
      noSdkEnv({ PORT: String(port), PERSEID_DB_PATH: join(app.dir, 'db'), METEOR_SETTINGS: settings }),
    );
    try {
      await server.waitFor(/App running at/);
      const served = (await (await fetch(`http://127.0.0.1:${port}/__cordova/manifest.json`)).json()) as typeof program;
      assert.equal(served.version, program.version);
      assert.deepEqual(served.manifest, program.manifest);
      assert.deepEqual(served.cordovaCompatibilityVersions, program.cordovaCompatibilityVersions);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    assert.match(program.cordovaCompatibilityVersions['android'] ?? '', /^[0-9a-f]{40}$/);
    assert.ok(program.manifest.some((e) => e.where === 'client' && e.path === script && e.url === `/${script}`));
    assert.equal(readFileSync(join(app_, 'terms.txt'), 'utf8'), 'the terms', "public/ is part of the phone's program, as of the browser's");
    assert.ok(program.manifest.some((e) => e.where === 'client' && e.path === 'terms.txt'));
  });

  it('cordova prepare android succeeds in the written project', async () => {
    const project = join(app.dir, 'out', 'android', 'project');
    const main = join(project, 'platforms', 'android', 'app', 'src', 'main');
    // What prepare writes is removed first, so the checks below see this run's work.
    rmSync(join(main, 'assets', 'www'), { recursive: true, force: true });
    rmSync(join(main, 'res', 'mipmap-xhdpi', 'ic_launcher.png'), { force: true });
    const prepare = startCommand([CORDOVA_BIN, 'prepare', 'android', '--no-telemetry'], project, noSdkEnv());
    assert.equal(await prepare.exited, 0, prepare.output());
    assert.equal(cordovaRuntimeConfig(readFileSync(join(main, 'assets', 'www', 'application', 'index.html'), 'utf8'))['ROOT_URL'], 'https://chat.example.com');
    assert.match(readFileSync(join(main, 'res', 'xml', 'config.xml'), 'utf8'), /name="WebAppLocalServerPort"/);
    assert.ok(existsSync(join(main, 'res', 'mipmap-xhdpi', 'ic_launcher.png')), 'the icon reached the Android resources');
  });

  it('remove-platform android removes it from the project and from .meteor/platforms', async () => {
    const { code, output } = await meteor(['remove-platform', 'android']);
    assert.equal(code, 0, output);
    assert.match(output, /android: removed platform/);
    assert.ok(!existsSync(join(app.dir, '.meteor', 'local', 'cordova-build', 'platforms', 'android')));
    assert.deepEqual(
      readFileSync(join(app.dir, '.meteor', 'platforms'), 'utf8')
        .trim()
        .split('\n'),
      ['server', 'browser'],
    );
    const build = await meteor(['build', 'out2', '--directory']);
    assert.equal(build.code, 0, 'without a mobile platform --server is optional again');
  });

  it('add-platform ios and build work without Xcode: the Xcode project gets the plugin and its bridging import', async () => {
    const add = await meteor(['add-platform', 'ios']);
    assert.equal(add.code, 0, add.output);
    assert.match(add.output, /ios: added platform/);
    const build = await meteor(['build', 'out3', '--directory', '--server', 'https://chat.example.com']);
    assert.equal(build.code, 0, build.output);
    assert.match(build.output, /ios: Cordova project written to .*out3\/ios\/project/);
    const ios = join(app.dir, 'out3', 'ios', 'project', 'platforms', 'ios');
    assert.match(readFileSync(join(ios, 'App', 'Bridging-Header.h'), 'utf8'), /^#import "cordova-plugin-meteor-webapp-Bridging-Header\.h"$/m);
    assert.ok(existsSync(join(ios, 'App', 'Plugins', 'cordova-plugin-meteor-webapp')));
    assert.ok(!existsSync(join(ios, 'Fixture Chat')), 'no alias left in the Xcode project');
    assert.equal(cordovaRuntimeConfig(readFileSync(join(ios, 'www', 'application', 'index.html'), 'utf8'))['ROOT_URL'], 'https://chat.example.com');
  });
});
