import assert from 'node:assert/strict';
import { APP_SHELL_MAX_FILES, cacheNameFor, isPagePath, pageIsOfVersion, parseAppShellManifest, shellRequestKind, staleCacheNames } from './app-shell-requests';
import { appShellManifest } from './app-shell-route';

const ORIGIN = 'https://chat.example.com';
const FILES = new Set(['/assets/index-3f9a1c2b.js', '/assets/index-77aa.css', '/favicon.svg']);
const kind = (url: string, method = 'GET', mode = 'no-cors') => shellRequestKind({ method, url: new URL(url, ORIGIN).href, mode }, ORIGIN, FILES);

describe('app shell: which requests the service worker answers', () => {
  it("answers the version's files from its cache and page navigations (client routes) with the page", () => {
    assert.equal(kind('/assets/index-3f9a1c2b.js'), 'file');
    assert.equal(kind('/favicon.svg'), 'file');
    assert.equal(kind('/', 'GET', 'navigate'), 'page');
    assert.equal(kind('/channel/general?x=1', 'GET', 'navigate'), 'page');
  });

  it('never touches DDP, methods, uploads, /__perseid/*, other origins or other methods', () => {
    assert.equal(kind('/websocket', 'GET', 'websocket'), 'pass');
    assert.equal(kind('/websocket', 'GET', 'navigate'), 'pass');
    assert.equal(kind('/sockjs/info?cb=1'), 'pass');
    assert.equal(kind('/sockjs/123/abc/xhr_streaming', 'POST'), 'pass');
    assert.equal(kind('/__perseid/health', 'GET', 'navigate'), 'pass');
    assert.equal(kind('/__perseid/sw.js'), 'pass');
    assert.equal(kind('/__cordova/manifest.json'), 'pass');
    assert.equal(kind('/uploads/file-1', 'POST'), 'pass');
    assert.equal(kind('/cdn/storage/Files/abc/original/photo.png', 'GET', 'navigate'), 'pass', 'a file opened in a tab is not a page');
    assert.equal(kind('/assets/index-3f9a1c2b.js', 'HEAD'), 'pass');
    assert.equal(kind('/', 'POST', 'navigate'), 'pass');
    assert.equal(kind('https://cdn.example.net/assets/index-3f9a1c2b.js'), 'pass');
    assert.equal(kind('/assets/index-3f9a1c2b.js?v=2'), 'pass', 'a query names another resource');
    assert.equal(kind('/assets/unknown-9999.js'), 'pass', "a file not of this version is the network's");
  });

  it('judges page routes on the decoded path, as the server does', () => {
    assert.equal(isPagePath('/channel/general'), true);
    assert.equal(isPagePath('/%2eenv'), false);
    assert.equal(isPagePath('/.meteor/local'), false);
    assert.equal(isPagePath('/a/b.json'), false);
    assert.equal(isPagePath('/@vite/client'), false);
    assert.equal(isPagePath('/%E0%A4%A'), false, 'a malformed escape is no route');
    assert.equal(isPagePath('/%252525252e%252525252e'), false, 'escapes nested beyond the bound are no route');
  });
});

describe('app shell: caches keyed by the client version', () => {
  it('names a cache after the version and drops only its own older ones', () => {
    assert.equal(cacheNameFor('v2'), 'perseid-app-shell:v2');
    assert.deepEqual(staleCacheNames(['perseid-app-shell:v1', 'perseid-app-shell:v2', 'app-images', 'perseid-app-shell:v0'], 'v2'), [
      'perseid-app-shell:v1',
      'perseid-app-shell:v0',
    ]);
  });

  it('accepts a page only when its runtime config names the version', () => {
    const page = '<script>globalThis.__meteor_runtime_config__ = {"autoupdate":{"versions":{"web.browser":{"version":"v2"}}}};</script>';
    assert.equal(pageIsOfVersion(page, 'v2'), true);
    assert.equal(pageIsOfVersion(page, 'v1'), false);
  });
});

describe('app shell: the manifest the worker carries', () => {
  it('round-trips, and refuses what is not one (another origin, too many files, no version)', () => {
    const manifest = appShellManifest('v2', [
      { url: '/assets/a.js', size: 10 },
      { url: '/big.mp4', size: 6 * 1024 * 1024 },
    ]);
    assert.deepEqual(manifest, { version: 'v2', page: '/', files: ['/assets/a.js'] }, 'a public file over 5 MB stays online-only');
    assert.deepEqual(parseAppShellManifest(JSON.parse(JSON.stringify(manifest))), manifest);
    assert.equal(parseAppShellManifest(undefined), undefined);
    assert.equal(parseAppShellManifest({ ...manifest, version: '' }), undefined);
    assert.equal(parseAppShellManifest({ ...manifest, files: ['//evil.example/x.js'] }), undefined);
    assert.equal(parseAppShellManifest({ ...manifest, page: 'https://evil.example/' }), undefined);
    assert.equal(parseAppShellManifest({ ...manifest, files: Array.from({ length: APP_SHELL_MAX_FILES + 1 }, (_, i) => `/f${i}`) }), undefined);
  });

  it('keeps at most 50 MB and APP_SHELL_MAX_FILES files per version', () => {
    const many = Array.from({ length: 3_000 }, (_, i) => ({ url: `/assets/f${i}.js`, size: 1 }));
    assert.equal(appShellManifest('v', many).files.length, APP_SHELL_MAX_FILES);
    const large = Array.from({ length: 20 }, (_, i) => ({ url: `/assets/f${i}.js`, size: 4 * 1024 * 1024 }));
    assert.equal(appShellManifest('v', large).files.length, 12);
  });
});
