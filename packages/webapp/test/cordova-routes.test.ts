import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cordovaManifest, createWebApp, readClientFiles, renderBoilerplate } from '../src/index';
import type { RuntimeConfig, WebAppServer } from '../src/index';

const ASSETS = fileURLToPath(new URL('./fixtures/assets', import.meta.url));
const PUBLIC = fileURLToPath(new URL('./fixtures/public', import.meta.url));
/** The pattern cordova-plugin-meteor-webapp 2.0.4 reads index.html with (AssetBundle.java, AssetBundle.swift). */
const PLUGIN_RUNTIME_CONFIG = /__meteor_runtime_config__ = JSON.parse\(decodeURIComponent\("([^"]*)"\)\)/;

describe('WebApp /__cordova/ (what the hot-code-push plugin downloads)', () => {
  let webApp: WebAppServer;
  let base: string;
  const files = readClientFiles([
    { dir: ASSETS, urlPrefix: '/assets', cacheable: true },
    { dir: PUBLIC, urlPrefix: '/', cacheable: false },
  ]);
  const runtime: RuntimeConfig = {
    ROOT_URL: 'https://chat.example.com',
    DDP_DEFAULT_CONNECTION_URL: 'https://chat.example.com',
    PUBLIC_SETTINGS: { motd: '"quoted" + <b>' },
    NODE_ENV: 'production',
    TEST_MODE: false,
    CLIENT_VERSION: 'v2',
    appId: 'app-id-1',
    autoupdateVersionCordova: 'v2',
  };

  before(async () => {
    webApp = createWebApp({ log: () => undefined, makeNonce: () => 'n0nce' });
    webApp.configure({
      runtime: { rootUrl: 'https://chat.example.com', settings: {}, nodeEnv: 'production', testMode: false, clientVersion: 'v1' },
      page: { head: '', body: '<div id="root"></div>', stylesheets: [], scripts: ['/assets/app-3f9a1c2b.js'] },
      hashedAssetDirs: [{ urlPrefix: '/assets', dir: ASSETS }],
      publicDirs: [PUBLIC],
      cordova: {
        files,
        manifest: cordovaManifest(files, 'v2', { android: 'compat-a', ios: 'compat-i' }),
        renderIndex: (nonce) => renderBoilerplate({ head: '', body: '', stylesheets: [], scripts: ['/assets/app-3f9a1c2b.js'] }, runtime, nonce, 'uri'),
      },
    });
    await new Promise<void>((resolve) => webApp.httpServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(webApp.httpServer.address() as AddressInfo).port}`;
  });
  after(async () => {
    webApp.httpServer.closeAllConnections();
    await new Promise<void>((resolve) => webApp.httpServer.close(() => resolve()));
  });

  it('serves manifest.json in the plugin format, never cached', async () => {
    const res = await fetch(`${base}/__cordova/manifest.json`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('cache-control')), /no-cache/);
    assert.match(String(res.headers.get('cache-control')), /no-store/);
    const manifest = (await res.json()) as {
      format: string;
      version: string;
      cordovaCompatibilityVersions: Record<string, string>;
      manifest: { where: string; url: string; hash: string; cacheable: boolean }[];
    };
    assert.equal(manifest.format, 'web-program-pre1');
    assert.equal(manifest.version, 'v2');
    assert.deepEqual(manifest.cordovaCompatibilityVersions, { android: 'compat-a', ios: 'compat-i' });
    assert.deepEqual(
      manifest.manifest.map((e) => [e.where, e.url, e.cacheable]),
      [
        ['client', '/assets/app-3f9a1c2b.js', true],
        ['client', '/robots.txt', false],
      ],
    );
  });

  it('serves every listed file at /__cordova<url> with its SHA-1 as ETag, and bytes matching that hash', async () => {
    const manifest = (await (await fetch(`${base}/__cordova/manifest.json`)).json()) as { manifest: { url: string; hash: string }[] };
    for (const entry of manifest.manifest) {
      const res = await fetch(`${base}/__cordova${entry.url}?meteor_dont_serve_index=true`);
      assert.equal(res.status, 200, entry.url);
      assert.equal(res.headers.get('etag'), `"${entry.hash}"`);
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.equal(createHash('sha1').update(bytes).digest('hex'), entry.hash, entry.url);
    }
  });

  it('a missing file asked for with meteor_dont_serve_index=true is a 404, never the HTML page, under /__cordova/ and at the root', async () => {
    for (const path of ['/__cordova/assets/gone-1234abcd.js', '/__cordova/gone', '/gone', '/assets/gone-1234abcd.js']) {
      const res = await fetch(`${base}${path}?meteor_dont_serve_index=true`, { headers: { accept: 'text/html,*/*' } });
      const body = await res.text();
      assert.equal(res.status, 404, path);
      assert.ok(!body.includes('__meteor_runtime_config__'), `${path} must not be the app page`);
    }
    // Without the flag a client route still gets the page (the browser navigates there).
    assert.match(await (await fetch(`${base}/gone`, { headers: { accept: 'text/html' } })).text(), /__meteor_runtime_config__/);
  });

  it('serves the Cordova index.html at /__cordova/ with the runtime config where the plugin looks for it', async () => {
    const res = await fetch(`${base}/__cordova/`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('cache-control')), /no-cache/);
    const html = await res.text();
    const encoded = PLUGIN_RUNTIME_CONFIG.exec(html)?.[1];
    assert.ok(encoded !== undefined, 'the plugin finds the runtime config');
    // Android decodes with URLDecoder, which turns "+" into a space: none may be left raw.
    assert.ok(!encoded.includes('+'));
    const config = JSON.parse(decodeURIComponent(encoded)) as Record<string, unknown>;
    assert.deepEqual([config['ROOT_URL'], config['appId'], config['autoupdateVersionCordova']], ['https://chat.example.com', 'app-id-1', 'v2']);
    assert.deepEqual(config['PUBLIC_SETTINGS'], { motd: '"quoted" + <b>' });
  });

  it('refuses other methods and is a 404 when the server has no Cordova program', async () => {
    assert.equal((await fetch(`${base}/__cordova/manifest.json`, { method: 'POST' })).status, 404);
    const bare = createWebApp({ log: () => undefined });
    bare.configure({
      runtime: { rootUrl: 'http://x', settings: {}, nodeEnv: 'production', testMode: false, clientVersion: 'v' },
      page: { head: '', body: '', stylesheets: [], scripts: [] },
    });
    await new Promise<void>((resolve) => bare.httpServer.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(bare.httpServer.address() as AddressInfo).port}/__cordova/manifest.json`);
      assert.equal(res.status, 404);
    } finally {
      await new Promise<void>((resolve) => bare.httpServer.close(() => resolve()));
    }
  });
});

describe('WebApp /__cordova/ with public files whose names need encoding in a URL', () => {
  let dir: string;
  let webApp: WebAppServer;
  let base: string;
  const NAMES = ['read me #1.txt', 'café/menu?.txt', '100%.txt'];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perseid-cordova-names-'));
    for (const name of NAMES) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), `the file ${name}`);
    }
    const files = readClientFiles([{ dir, urlPrefix: '/', cacheable: false }]);
    webApp = createWebApp({ log: () => undefined, makeNonce: () => 'n0nce' });
    webApp.configure({
      runtime: { rootUrl: 'https://chat.example.com', settings: {}, nodeEnv: 'production', testMode: false, clientVersion: 'v1' },
      page: { head: '', body: '', stylesheets: [], scripts: [] },
      cordova: {
        files,
        manifest: cordovaManifest(files, 'v1', { android: 'a', ios: 'i' }),
        renderIndex: () => '<!doctype html>',
      },
    });
    await new Promise<void>((resolve) => webApp.httpServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(webApp.httpServer.address() as AddressInfo).port}`;
  });
  after(async () => {
    webApp.httpServer.closeAllConnections();
    await new Promise<void>((resolve) => webApp.httpServer.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists them percent-encoded and serves each at the URL the plugin builds from the manifest', async () => {
    const manifest = (await (await fetch(`${base}/__cordova/manifest.json`)).json()) as { manifest: { path: string; url: string; hash: string }[] };
    assert.deepEqual(
      manifest.manifest.map((e) => [e.path, e.url]),
      [
        ['100%.txt', '/100%25.txt'],
        ['caf\u00e9/menu?.txt', '/caf%C3%A9/menu%3F.txt'],
        ['read me #1.txt', '/read%20me%20%231.txt'],
      ],
    );
    for (const entry of manifest.manifest) {
      // As AssetBundleDownloader does: the entry's URL below the base, plus the flag.
      const res = await fetch(new URL(`__cordova${entry.url}?meteor_dont_serve_index=true`, `${base}/`));
      assert.equal(res.status, 200, entry.url);
      assert.equal(
        createHash('sha1')
          .update(Buffer.from(await res.arrayBuffer()))
          .digest('hex'),
        entry.hash,
        entry.url,
      );
    }
  });

  it('a path that is not valid percent-encoding is a 404, not an error', async () => {
    const res = await fetch(`${base}/__cordova/%E0%A4%A.txt?meteor_dont_serve_index=true`);
    assert.equal(res.status, 404);
  });
});
