import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isToolError } from '../tool-error';
import { readMobileConfig } from './mobile-config';

describe('mobile-config.js', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'perseid-mobile-config-'));
    mkdirSync(join(root, 'res'));
    writeFileSync(join(root, 'res', 'icon.png'), 'png');
    writeFileSync(join(root, 'res', 'dark.png'), 'png');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const read = (source: string) => {
    writeFileSync(join(root, 'mobile-config.js'), source);
    return readMobileConfig(root, { appName: 'chat', appId: 'abc' });
  };
  const failure = (source: string): { code: string; message: string } => {
    try {
      read(source);
    } catch (error) {
      assert.ok(isToolError(error), String(error));
      return { code: error.code, message: error.message };
    }
    assert.fail('mobile-config.js was accepted');
  };

  it('collects every App call, with paths resolved against the app', () => {
    const config = read(`
      App.info({ id: 'org.perseid.chat', name: 'Perseid', version: '1.2.3', buildNumber: 7, author: 'Perseid' });
      App.icons({ android_xhdpi: 'res/icon.png' });
      App.launchScreens({ android: { src: 'res/icon.png', srcDarkMode: 'res/dark.png' }, ios_universal: 'res/icon.png' });
      App.setPreference('BackgroundColor', '0xff000000');
      App.setPreference('Orientation', 'portrait', 'ios');
      App.accessRule('https://*.example.com/*', { type: 'navigation' });
      App.accessRule('https://cdn.example.com/*');
      App.configurePlugin('cordova-plugin-x', { API_KEY: 'k' });
      App.appendToConfig('<custom />');
      App.addResourceFile('res/icon.png', 'app/src/main/res/raw/x.png', 'android');
    `);
    assert.deepEqual(
      [config.info.id, config.info.name, config.info.version, config.info.buildNumber, config.info.author],
      ['org.perseid.chat', 'Perseid', '1.2.3', '7', 'Perseid'],
    );
    assert.equal(config.icons.get('android_xhdpi'), join(root, 'res', 'icon.png'));
    assert.deepEqual(config.launchScreens.get('android'), { src: join(root, 'res', 'icon.png'), srcDarkMode: join(root, 'res', 'dark.png') });
    assert.deepEqual(config.preferences, [
      { name: 'BackgroundColor', value: '0xff000000' },
      { name: 'Orientation', value: 'portrait', platform: 'ios' },
    ]);
    assert.deepEqual(
      config.accessRules.map((r) => [r.pattern, r.type]),
      [
        ['https://*.example.com/*', 'navigation'],
        ['https://cdn.example.com/*', 'network'],
      ],
    );
    assert.deepEqual(config.pluginConfig.get('cordova-plugin-x'), { API_KEY: 'k' });
    assert.deepEqual(config.appendedXml, ['<custom />']);
    assert.deepEqual(config.resourceFiles, [{ src: join(root, 'res', 'icon.png'), target: 'app/src/main/res/raw/x.png', platform: 'android' }]);
  });

  it('runs with only App and console in scope', () => {
    const { message } = failure(`App.info({ name: 'x' });\nrequire('fs');\n`);
    assert.match(message, /mobile-config\.js:2: ReferenceError: require is not defined/);
    assert.match(failure('process.exit(1)').message, /process is not defined/);
  });

  it('a syntax error names the file and line', () => {
    const { code, message } = failure(`App.info({ name: 'x' });\n\nApp.icons({ android_mdpi: 'res/icon.png' ;\n`);
    assert.equal(code, 'mobileConfig.invalid');
    assert.ok(message.startsWith(`${join(root, 'mobile-config.js')}:3: SyntaxError`), message);
  });

  it('an API error names the file, the line and what is valid', () => {
    const { message } = failure(`App.info({ id: 'org.perseid.chat' });\nApp.info({ colour: 'red' });\n`);
    assert.match(message, /mobile-config\.js:2: App\.info: unknown key "colour"\. Valid keys: id, name, version/);
    assert.match(failure(`App.icons({ android_huge: 'res/icon.png' });`).message, /:1: App\.icons: unknown icon "android_huge"\. Valid icons: .*android_mdpi/);
    assert.match(failure(`App.accessRule('x', { type: 'everything' });`).message, /type must be one of network, navigation, intent/);
    assert.match(failure(`App.setPreference('a', 'b', 'windows');`).message, /platform must be one of android, ios/);
    assert.match(failure(`App.info({ version: 'one' });`).message, /version must look like 1\.2\.3/);
    assert.match(failure(`App.addResourceFile('res/icon.png', '../../escape.png');`).message, /must stay inside the platform project/);
  });

  it('a missing icon or launch screen file is an error naming it', () => {
    assert.match(
      failure(`\nApp.icons({ iphone_2x: 'res/missing-icon.png' });`).message,
      /mobile-config\.js:2: App\.icons iphone_2x: file "res\/missing-icon\.png" does not exist/,
    );
    assert.match(
      failure(`App.launchScreens({ android: { src: 'res/icon.png', srcDarkMode: 'res/no-dark.png' } });`).message,
      /App\.launchScreens android\.srcDarkMode: file "res\/no-dark\.png" does not exist/,
    );
  });

  it("without the file, Meteor's defaults apply", () => {
    const config = readMobileConfig(root, { appName: 'chat', appId: 'abc' });
    assert.equal(config.file, undefined);
    assert.equal(config.info.name, 'chat');
    assert.match(config.info.id, /^com\.[a-z0-9]+\.chat$/);
  });

  it("the repository's own mobile-config.js is valid and all its images exist", () => {
    const repo = fileURLToPath(new URL('../../../../', import.meta.url));
    const config = readMobileConfig(repo, { appName: 'perseid', appId: 'x' });
    assert.deepEqual([config.info.id, config.info.name], ['org.perseid.chat', 'Perseid']);
    assert.equal(config.icons.size, 10);
    assert.ok(config.launchScreens.get('android')?.srcDarkMode?.endsWith('splash-android-dark.png'));
    assert.ok(config.launchScreens.get('ios_universal')?.srcDarkMode?.endsWith('splash-ios-dark.png'));
  });

  it("the repository's app gives the native status bar the sidebar's colour, as the page's theme-color does", () => {
    const repo = fileURLToPath(new URL('../../../../', import.meta.url));
    const config = readMobileConfig(repo, { appName: 'perseid', appId: 'x' });
    const preference = (name: string): string | undefined => config.preferences.find((p) => p.name === name && p.platform === undefined)?.value;
    const sidebar = /--sidebar:\s*(#[0-9a-f]{6});/i.exec(readFileSync(join(repo, 'imports', 'ui', 'styles', 'app.css'), 'utf8'))?.[1];
    const themeColor = /<meta name="theme-color" content="(#[0-9a-f]{6})" media="\(prefers-color-scheme: light\)">/i.exec(
      readFileSync(join(repo, 'client', 'main.html'), 'utf8'),
    )?.[1];
    assert.ok(sidebar !== undefined && themeColor !== undefined);
    assert.equal(preference('StatusBarBackgroundColor')?.toLowerCase(), sidebar.toLowerCase());
    assert.equal(themeColor.toLowerCase(), sidebar.toLowerCase());
    assert.equal(preference('StatusBarOverlaysWebView'), 'false', 'the page starts below the status bar');
    assert.equal(preference('StatusBarStyle'), 'lightcontent', 'light icons on the dark bar');
  });
});
