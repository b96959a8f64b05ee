import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderConfigXml } from './config-xml';
import type { MobileConfig } from './mobile-config';

interface ConfigParser {
  packageName(): string;
  name(): string;
  version(): string;
  description(): string;
  android_versionCode(): string;
  getGlobalPreference(name: string): string;
  getPlatformPreference(name: string, platform: string): string;
  getAccesses(): { origin: string }[];
  getAllowNavigations(): { href: string }[];
  getAllowIntents(): { href: string }[];
  getPlugins(): { name: string; spec: string; variables: Record<string, string> }[];
  getIcons(platform: string): { src: string; density?: string; width?: number }[];
  getSplashScreens(platform: string): { src: string }[];
  getFileResources(platform: string): { src: string; target: string }[];
}
const { ConfigParser } = createRequire(import.meta.url)('cordova-common') as { ConfigParser: new (file: string) => ConfigParser };

const base: MobileConfig = {
  file: '/app/mobile-config.js',
  info: {
    id: 'org.perseid.chat',
    name: 'Perseid <"&\'> chat',
    version: '2.0.1',
    description: 'Team chat & more',
    author: 'Perseid',
    email: 'a@b.c',
    website: 'https://perseid.example',
    buildNumber: '12',
  },
  icons: new Map([
    ['android_xhdpi', '/app/res/i.png'],
    ['iphone_2x', '/app/res/i.png'],
  ]),
  launchScreens: new Map([
    ['android', { src: '/app/res/s.png', srcDarkMode: '/app/res/d.png' }],
    ['ios_universal', { src: '/app/res/s.png' }],
  ]),
  preferences: [
    { name: 'BackgroundColor', value: '0xff101010' },
    { name: 'Orientation', value: 'portrait', platform: 'android' },
    { name: 'WebAppStartupTimeout', value: '30000' },
  ],
  accessRules: [
    { pattern: 'https://*.gravatar.com/*', type: 'network', launchExternal: false },
    { pattern: 'mailto:*', type: 'intent', launchExternal: false },
    { pattern: 'https://docs.example/*?a=1&b=2', type: 'navigation', launchExternal: false },
  ],
  pluginConfig: new Map([['cordova-plugin-meteor-webapp', { KEY: 'v<&>' }]]),
  appendedXml: ['<universal-links><host name="chat.example.com" /></universal-links>'],
  resourceFiles: [{ src: '/app/google-services.json', target: 'app/google-services.json', platform: 'android' }],
};

describe('renderConfigXml', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'perseid-config-xml-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const parse = (xml: string): ConfigParser => {
    const file = join(dir, 'config.xml');
    writeFileSync(file, xml);
    return new ConfigParser(file);
  };
  const render = (config: MobileConfig = base): string =>
    renderConfigXml(config, {
      localServerPort: 12345,
      serverUrl: 'https://chat.example.com/',
      plugins: new Map([['cordova-plugin-meteor-webapp', '2.0.4']]),
      imagePath: (kind, key) => `resources/${kind}/${key}.png`,
      resourcePath: (i) => `resources/files/${i}`,
    });

  it("is read back by Cordova's own parser with every value of mobile-config.js", () => {
    const cfg = parse(render());
    assert.deepEqual(
      [cfg.packageName(), cfg.name(), cfg.version(), cfg.description(), cfg.android_versionCode()],
      ['org.perseid.chat', 'Perseid <"&\'> chat', '2.0.1', 'Team chat & more', '12'],
    );
    assert.equal(cfg.getGlobalPreference('BackgroundColor'), '0xff101010');
    assert.equal(cfg.getGlobalPreference('WebAppLocalServerPort'), '12345');
    assert.equal(cfg.getPlatformPreference('Orientation', 'android'), 'portrait');
    assert.equal(cfg.getPlatformPreference('AndroidWindowSplashScreenAnimatedIcon', 'android'), 'resources/launch/android.png');
    assert.deepEqual(
      cfg.getAccesses().map((a) => a.origin),
      ['https://chat.example.com/*', 'https://*.gravatar.com/*'],
    );
    assert.ok(cfg.getAllowNavigations().some((n) => n.href === 'https://docs.example/*?a=1&b=2'));
    assert.deepEqual(
      cfg.getAllowIntents().map((i) => i.href),
      ['mailto:*'],
    );
    assert.deepEqual(
      cfg.getPlugins().map((p) => [p.name, p.spec, p.variables]),
      [['cordova-plugin-meteor-webapp', '2.0.4', { KEY: 'v<&>' }]],
    );
    assert.deepEqual(
      [...cfg.getIcons('android')].map((i) => [i.src, i.density]),
      [['resources/icon/android_xhdpi.png', 'xhdpi']],
    );
    assert.deepEqual(
      [...cfg.getIcons('ios')].map((i) => [i.src, i.width]),
      [['resources/icon/iphone_2x.png', 120]],
    );
    assert.deepEqual(
      [...cfg.getSplashScreens('ios')].map((s) => s.src),
      ['resources/launch/ios_universal.png'],
    );
    assert.deepEqual(
      cfg.getFileResources('android').map((f) => [f.src, f.target]),
      [
        ['resources/launchDark/android.png', 'app/src/main/res/drawable-night/ic_cdv_splashscreen.png'],
        ['resources/files/0', 'app/google-services.json'],
      ],
    );
  });

  it("lets the app's preferences follow (and so override) the defaults", () => {
    const xml = render();
    assert.ok(xml.indexOf('name="WebAppStartupTimeout" value="20000"') < xml.indexOf('name="WebAppStartupTimeout" value="30000"'));
  });

  it('escapes values so none can add elements, and drops characters XML cannot hold', () => {
    const hostile = { ...base, info: { ...base.info, name: 'x</name><preference name="evil" value="1"/><name>\u0001' } };
    const cfg = parse(render(hostile));
    assert.equal(cfg.name(), 'x</name><preference name="evil" value="1"/><name>');
    assert.equal(cfg.getGlobalPreference('evil'), '');
  });
});
