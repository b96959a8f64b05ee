import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateClientVersions, cordovaManifest, programVersions, readClientFiles, sha1 } from './client-program';

describe('client program versions', () => {
  let dir: string;
  const write = (rel: string, text: string): void => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  const files = () =>
    readClientFiles([
      { dir: join(dir, 'assets'), urlPrefix: '/assets', cacheable: true },
      { dir: join(dir, 'public'), urlPrefix: '/', cacheable: false },
    ]);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'perseid-program-'));
    write('assets/main-a1.js', 'console.log(1)');
    write('assets/main-b2.css', 'body{color:red}');
    write('public/favicon.svg', '<svg/>');
    write('public/.env', 'SECRET=1');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every served file with the SHA-1 of its bytes, never a dotfile', () => {
    const list = files();
    assert.deepEqual(
      list.map((f) => [f.url, f.type, f.cacheable]),
      [
        ['/assets/main-a1.js', 'js', true],
        ['/assets/main-b2.css', 'css', true],
        ['/favicon.svg', 'asset', false],
      ],
    );
    assert.equal(list[0]?.hash, sha1('console.log(1)'));
    assert.equal(list[0]?.path, 'assets/main-a1.js');
  });

  it('a CSS-only change moves the refreshable version only; code, public files or public settings move the non-refreshable one', () => {
    const before = programVersions('web.browser', files(), { scripts: ['/assets/main-a1.js'] }, {});
    write('assets/main-b2.css', 'body{color:blue}');
    const css = programVersions('web.browser', files(), { scripts: ['/assets/main-a1.js'] }, {});
    assert.notEqual(css.versionRefreshable, before.versionRefreshable);
    assert.equal(css.versionNonRefreshable, before.versionNonRefreshable);
    assert.notEqual(css.version, before.version);
    write('assets/main-a1.js', 'console.log(2)');
    const code = programVersions('web.browser', files(), { scripts: ['/assets/main-a1.js'] }, {});
    assert.notEqual(code.versionNonRefreshable, css.versionNonRefreshable);
    assert.equal(code.versionRefreshable, css.versionRefreshable);
    assert.notEqual(
      programVersions('web.browser', files(), { scripts: ['/assets/main-a1.js'] }, { motd: 'hi' }).versionNonRefreshable,
      code.versionNonRefreshable,
    );
    assert.notEqual(programVersions('web.cordova', files(), { scripts: ['/assets/main-a1.js'] }, {}).version, code.version, 'each arch has its own version');
  });

  it('AUTOUPDATE_VERSION pins every version', () => {
    assert.deepEqual(calculateClientVersions(files(), {}, 'release-7'), {
      version: 'release-7',
      versionRefreshable: 'release-7',
      versionNonRefreshable: 'release-7',
      versionReplaceable: 'release-7',
    });
  });

  it('the Cordova manifest has the plugin format: client entries with path, url, type, cacheable, hash, and source maps beside their file', () => {
    write('assets/main-a1.js.map', '{}');
    const manifest = cordovaManifest(files(), 'v1', { android: 'a', ios: 'i' });
    assert.equal(manifest.format, 'web-program-pre1');
    assert.deepEqual(manifest.cordovaCompatibilityVersions, { android: 'a', ios: 'i' });
    const js = manifest.manifest.find((e) => e.url === '/assets/main-a1.js');
    assert.deepEqual(js, {
      where: 'client',
      path: 'assets/main-a1.js',
      url: '/assets/main-a1.js',
      type: 'js',
      cacheable: true,
      hash: sha1('console.log(1)'),
      size: 14,
      sourceMap: 'assets/main-a1.js.map',
      sourceMapUrl: '/assets/main-a1.js.map',
    });
  });
});
