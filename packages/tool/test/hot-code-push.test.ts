import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS, resolveChromiumPath } from '../src/browser/chromium-path';
import { freePort, freePortPair } from '../src/app/port-check';
import { cleanEnv, copyFixtureApp, METEOR_BIN, startCommand } from './fixture-app';
import type { RunningCommand } from './fixture-app';

/** The pattern cordova-plugin-meteor-webapp 2.0.4 reads a downloaded index.html with. */
const PLUGIN_RUNTIME_CONFIG = /__meteor_runtime_config__ = JSON.parse\(decodeURIComponent\("([^"]*)"\)\)/;

interface ManifestEntry {
  readonly where: string;
  readonly path: string;
  readonly url: string;
  readonly type: string;
  readonly cacheable: boolean;
  readonly hash: string;
}

interface Manifest {
  readonly format: string;
  readonly version: string;
  readonly cordovaCompatibilityVersions: { readonly android: string; readonly ios: string };
  readonly manifest: readonly ManifestEntry[];
}

/** A download of one version as the native plugin makes it (AssetBundleManager / AssetBundleDownloader). */
interface Download {
  readonly manifest: Manifest;
  readonly runtime: Record<string, unknown>;
  readonly bytes: number;
  readonly fetched: readonly string[];
  /** The module script index.html loads. */
  readonly entry: string | undefined;
}

/**
 * Downloads a version the way the plugin does: the manifest, then every client entry not
 * already held with the same hash at `/__cordova<url>?meteor_dont_serve_index=true`, failing on
 * a non-2xx, an ETag hash that is not the entry's, or bytes that are not the entry's, then
 * index.html, whose autoupdateVersionCordova must be the manifest's version.
 */
async function downloadLikeThePlugin(base: string, held: ReadonlyMap<string, string> = new Map()): Promise<Download> {
  const res = await fetch(`${base}/__cordova/manifest.json`);
  assert.equal(res.status, 200);
  assert.match(String(res.headers.get('cache-control')), /no-store/);
  const manifest = (await res.json()) as Manifest;
  assert.equal(manifest.format, 'web-program-pre1');
  let bytes = 0;
  const fetched: string[] = [];
  for (const entry of manifest.manifest.filter((e) => e.where === 'client')) {
    if (held.get(entry.url) === entry.hash) continue;
    const asset = await fetch(`${base}/__cordova${entry.url}?meteor_dont_serve_index=true`);
    assert.equal(asset.status, 200, `${entry.url}: ${asset.status}`);
    assert.equal(/"([0-9a-f]{40})"/.exec(String(asset.headers.get('etag')))?.[1], entry.hash, `${entry.url}: ETag`);
    const body = Buffer.from(await asset.arrayBuffer());
    assert.equal(createHash('sha1').update(body).digest('hex'), entry.hash, `${entry.url}: content`);
    bytes += body.length;
    fetched.push(entry.url);
  }
  const index = await fetch(`${base}/__cordova/`);
  assert.equal(index.status, 200);
  const html = await index.text();
  bytes += Buffer.byteLength(html);
  const encoded = PLUGIN_RUNTIME_CONFIG.exec(html)?.[1];
  assert.ok(encoded !== undefined, 'index.html carries the runtime config where the plugin reads it');
  const runtime = JSON.parse(decodeURIComponent(encoded)) as Record<string, unknown>;
  assert.equal(runtime['autoupdateVersionCordova'], manifest.version, 'index.html is of the manifest version');
  return { manifest, runtime, bytes, fetched, entry: /<script type="module"[^>]* src="([^"]+)"/.exec(html)?.[1] };
}

/**
 * A stand-in for cordova-plugin-meteor-webapp's JavaScript interface (`window.WebAppLocalServer`,
 * served as the page's cordova.js), since the native plugin cannot run without a device. It
 * keeps a log in sessionStorage (it survives the reload the client asks for), downloads a
 * version as the plugin does (manifest, every entry with its hash checked, index.html), reports
 * it ready, makes it current on switchToPendingVersion and fires `deviceready` as Cordova does.
 */
const PLUGIN_STAND_IN = `(() => {
  const KEY = 'hcp-stand-in-log';
  const log = (entry) => sessionStorage.setItem(KEY, JSON.stringify([...JSON.parse(sessionStorage.getItem(KEY) || '[]'), entry]));
  const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
  let onReady = () => {};
  let onError = () => {};
  let pending;
  const version = () => window.__meteor_runtime_config__ && window.__meteor_runtime_config__.autoupdateVersionCordova;
  window.WebAppLocalServer = {
    startupDidComplete(cb) {
      log({ call: 'startupDidComplete', version: version(), appLoaded: document.body.dataset.fixtureClient === 'loaded', appStarted: document.body.dataset.fixtureStarted === 'yes' });
      cb && cb();
    },
    checkForUpdates(cb) {
      log({ call: 'checkForUpdates', running: version() });
      cb && cb();
      (async () => {
        const root = window.__meteor_runtime_config__.ROOT_URL + '/__cordova';
        const manifest = await (await fetch(root + '/manifest.json')).json();
        let verified = 0;
        for (const entry of manifest.manifest) {
          const res = await fetch(root + entry.url + '?meteor_dont_serve_index=true');
          const digest = hex(await crypto.subtle.digest('SHA-1', await res.arrayBuffer()));
          if (!res.ok || digest !== entry.hash) throw new Error('Hash mismatch for asset: ' + entry.url);
          verified += 1;
        }
        const html = await (await fetch(root + '/')).text();
        if (!html.includes(encodeURIComponent('"autoupdateVersionCordova":"' + manifest.version + '"'))) throw new Error('Version mismatch for index page');
        pending = manifest.version;
        log({ call: 'downloaded', version: manifest.version, verified });
        onReady(manifest.version);
      })().catch((error) => { log({ call: 'error', message: String(error) }); onError(error); });
    },
    onNewVersionReady(cb) { onReady = cb; },
    onError(cb) { onError = cb; },
    switchToPendingVersion(cb, errorCb) {
      log({ call: 'switchToPendingVersion', pending });
      if (pending === undefined) { errorCb && errorCb('No pending version to switch to'); return; }
      cb();
    },
  };
  document.addEventListener('DOMContentLoaded', () => setTimeout(() => document.dispatchEvent(new Event('deviceready')), 0));
})();`;

interface StandInEntry {
  readonly call: string;
  readonly version?: string;
  readonly running?: string;
  readonly pending?: string;
  readonly verified?: number;
  readonly appLoaded?: boolean;
  readonly appStarted?: boolean;
}

/**
 * Added to the fixture's client: a `Meteor.startup` callback (startupDidComplete must come after
 * it), and a reload migration provider the test can hold as an outstanding method call holds
 * one, carrying a draft across the reload.
 */
const FIXTURE_MIGRATION = `import { Meteor } from 'meteor/meteor';
import { Reload } from 'meteor/reload';

const hcpTest = window as unknown as { fixtureHoldReload?: boolean; fixtureRetryReload?: () => void };
Reload._onMigrate('fixture-draft', (retry) => {
  if (hcpTest.fixtureHoldReload === true) {
    hcpTest.fixtureRetryReload = retry;
    return [false];
  }
  return [true, document.body.dataset['fixtureDraft'] ?? null];
});
const migratedDraft = Reload._migrationData('fixture-draft');
if (typeof migratedDraft === 'string') document.body.dataset['fixtureMigratedDraft'] = migratedDraft;
Meteor.startup(() => {
  document.body.dataset['fixtureStarted'] = 'yes';
});
`;

const standInLog = (page: Page): Promise<StandInEntry[]> =>
  page.evaluate(() => JSON.parse(sessionStorage.getItem('hcp-stand-in-log') ?? '[]') as StandInEntry[]);

async function waitForLog(page: Page, predicate: (log: StandInEntry[]) => boolean, what: string): Promise<StandInEntry[]> {
  for (;;) {
    const log = await standInLog(page).catch(() => undefined);
    if (log !== undefined && predicate(log)) return log;
    if (page.isClosed()) throw new Error(`page closed before ${what}`);
    await page.waitForTimeout(100);
  }
}

describe('hot code push against `meteor build` output (fixture app)', function () {
  this.timeout(300_000);
  let app: ReturnType<typeof copyFixtureApp>;
  let browser: Browser | undefined;
  const servers = new Set<RunningCommand>();
  const mainFile = (): string => join(app.dir, 'client', 'main.tsx');
  // iOS added: the bundle holds the web.cordova program, and on this machine (no Xcode needed
  // for the project) the build ends with exit 0. The phones' server URL is the serving server's.
  const build = async (out: string, env: NodeJS.ProcessEnv = {}): Promise<string> => {
    const run = startCommand([METEOR_BIN, 'build', out, '--directory', '--server', 'https://chat.example.com'], app.dir, cleanEnv(env));
    assert.equal(await run.exited, 0, run.output());
    return join(app.dir, out, 'bundle');
  };
  const serve = async (bundle: string, port: number, env: NodeJS.ProcessEnv = {}): Promise<RunningCommand> => {
    const server = startCommand(
      ['main.js'],
      bundle,
      cleanEnv({ PORT: String(port), ROOT_URL: `http://127.0.0.1:${port}`, PERSEID_DB_PATH: join(app.dir, 'db'), ...env }),
    );
    servers.add(server);
    await server.waitFor(/App running at/);
    return server;
  };
  const stop = async (server: RunningCommand): Promise<void> => {
    server.child.kill('SIGTERM');
    await server.exited;
    servers.delete(server);
  };
  let v1: string;
  let v2: string;
  let v3: string;

  before(async function () {
    this.timeout(600_000);
    app = copyFixtureApp();
    writeFileSync(join(app.dir, '.meteor', 'platforms'), 'server\nbrowser\nios\n');
    writeFileSync(mainFile(), `${FIXTURE_MIGRATION}${readFileSync(mainFile(), 'utf8')}`);
    v1 = await build('v1');
    writeFileSync(mainFile(), `${readFileSync(mainFile(), 'utf8')}\ndocument.body.dataset['fixtureGeneration'] = '2';\n`);
    v2 = await build('v2');
    const css = join(app.dir, 'client', 'style.css');
    writeFileSync(css, readFileSync(css, 'utf8').replace('rgb(1, 2, 3)', 'rgb(4, 5, 6)'));
    v3 = await build('v3');
  });
  after(async () => {
    await browser?.close();
    for (const server of [...servers]) await stop(server);
    app?.remove();
  });

  it('manifest contract: every entry downloads with its hash, index.html is of that version, a missing file with meteor_dont_serve_index is a 404', async () => {
    const port = await freePort();
    const server = await serve(v1, port);
    try {
      const base = `http://127.0.0.1:${port}`;
      const download = await downloadLikeThePlugin(base);
      assert.ok(
        download.manifest.manifest.some((e) => e.type === 'js' && e.url.startsWith('/assets/')),
        'the code is listed',
      );
      assert.ok(
        download.manifest.manifest.some((e) => e.type === 'css'),
        'the stylesheet is listed',
      );
      assert.match(download.manifest.cordovaCompatibilityVersions.android, /^[0-9a-f]{40}$/);
      assert.equal(download.runtime['ROOT_URL'], base);
      // The web.cordova build, not the browser's: its code is its own (Meteor.isCordova is built in).
      const browserPage = await (await fetch(`${base}/`, { headers: { accept: 'text/html' } })).text();
      const browserScript = /<script type="module"[^>]* src="([^"]+)"/.exec(browserPage)?.[1];
      assert.ok(browserScript !== undefined);
      assert.ok(!download.manifest.manifest.some((e) => e.url === browserScript), `the browser's entry (${browserScript}) is not the phone's`);
      assert.ok(
        download.manifest.manifest.some((e) => e.url === download.entry),
        "the Cordova page's entry is in the manifest",
      );
      assert.equal(download.runtime['isCordova'], undefined, 'a page never claims Cordova');
      for (const path of ['/__cordova/assets/main-00000000.js', '/__cordova/app/missing.png', '/assets/main-00000000.js', '/channel/x']) {
        const res = await fetch(`${base}${path}?meteor_dont_serve_index=true`, { headers: { accept: 'text/html,*/*' } });
        assert.equal(res.status, 404, path);
        assert.ok(!(await res.text()).includes('__meteor_runtime_config__'), `${path}: never the page`);
      }
    } finally {
      await stop(server);
    }
  });

  it("a one-line change downloads only the changed code; a CSS change only the stylesheet; versions move as Meteor's do", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const downloads: Download[] = [];
    for (const bundle of [v1, v2, v3]) {
      const server = await serve(bundle, port);
      const held = new Map((downloads.at(-1)?.manifest.manifest ?? []).map((e) => [e.url, e.hash] as const));
      downloads.push(await downloadLikeThePlugin(base, held));
      await stop(server);
    }
    const [d1, d2, d3] = downloads as [Download, Download, Download];
    assert.equal(d2.fetched.length, 1, `one-line change: one file (${d2.fetched.join(', ')})`);
    assert.match(d2.fetched[0] ?? '', /^\/assets\/[\w-]+\.js$/, 'one-line change: the code chunk holding the line');
    assert.deepEqual(
      d3.fetched.map((u) => /\.css$/.test(u)),
      [true],
      `CSS change: the stylesheet only (${d3.fetched.join(', ')})`,
    );
    assert.ok(d1.fetched.length > d2.fetched.length);
    const versions = downloads.map(
      (d) =>
        (d.runtime['autoupdate'] as { versions: Record<string, { version: string; versionRefreshable: string; versionNonRefreshable: string }> }).versions[
          'web.cordova'
        ],
    );
    assert.notEqual(versions[1]?.versionNonRefreshable, versions[0]?.versionNonRefreshable);
    assert.equal(versions[2]?.versionNonRefreshable, versions[1]?.versionNonRefreshable, 'a CSS change is refreshable');
    assert.notEqual(versions[2]?.versionRefreshable, versions[1]?.versionRefreshable);
    const browserVersionsOf = async (bundle: string): Promise<Record<string, string>> => {
      const server = await serve(bundle, port);
      try {
        const html = await (await fetch(`${base}/`, { headers: { accept: 'text/html' } })).text();
        return JSON.parse(/"web\.browser":(\{[^}]*\})/.exec(html)?.[1] ?? '{}') as Record<string, string>;
      } finally {
        await stop(server);
      }
    };
    const [b2, b3] = [await browserVersionsOf(v2), await browserVersionsOf(v3)];
    assert.equal(b3['versionNonRefreshable'], b2['versionNonRefreshable'], 'browsers: a CSS change does not reload');
    assert.notEqual(b3['versionRefreshable'], b2['versionRefreshable']);
    assert.equal(new Set(downloads.map((d) => d.manifest.version)).size, 3);
  });

  it('AUTOUPDATE_VERSION pins the versions; METEOR_CORDOVA_COMPAT_VERSION_ANDROID at build time sets the compatibility version', async () => {
    const pinnedCompat = await build('v-compat', { METEOR_CORDOVA_COMPAT_VERSION_ANDROID: 'native-7' });
    const port = await freePort();
    const server = await serve(pinnedCompat, port, { AUTOUPDATE_VERSION: 'release-42' });
    try {
      const base = `http://127.0.0.1:${port}`;
      const download = await downloadLikeThePlugin(base);
      assert.equal(download.manifest.version, 'release-42');
      assert.equal(download.manifest.cordovaCompatibilityVersions.android, 'native-7');
      assert.match(download.manifest.cordovaCompatibilityVersions.ios, /^[0-9a-f]{40}$/);
      const page = await (await fetch(`${base}/`, { headers: { accept: 'text/html' } })).text();
      assert.match(page, /"web\.browser":\{"version":"release-42","versionRefreshable":"release-42","versionNonRefreshable":"release-42"/);
    } finally {
      await stop(server);
    }
  });

  describe("the Cordova side of the client in Chromium, with a stand-in for the plugin's JavaScript interface", () => {
    before(async () => {
      browser = await chromium.launch({ executablePath: resolveChromiumPath(), args: [...CHROMIUM_ARGS] });
    });

    /**
     * A context standing in for the plugin's local server: cordova.js is the stand-in, and the
     * page's files come from the Cordova program (`/__cordova<url>`), as the plugin serves the
     * version it holds at its own root; only the page itself is opened at `/__cordova/`.
     */
    const cordovaContext = async (base: string): Promise<BrowserContext> => {
      const context = await (browser as Browser).newContext();
      await context.route('**/cordova.js', (route) => route.fulfill({ contentType: 'text/javascript', body: PLUGIN_STAND_IN }));
      await context.route(`${base}/assets/**`, (route) => route.continue({ url: `${base}/__cordova${new URL(route.request().url()).pathname}` }));
      return context;
    };

    const openCordovaPage = async (base: string): Promise<Page> => {
      const context = await cordovaContext(base);
      const page = await context.newPage();
      await page.goto(`${base}/__cordova/`);
      return page;
    };

    it("startupDidComplete after the app's startup callbacks; a new version is downloaded, switched to once the page's reload migration agreed, and started with the migrated draft", async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      let server = await serve(v1, port);
      try {
        const first = (await downloadLikeThePlugin(base)).manifest.version;
        const page = await openCordovaPage(base);
        let log = await waitForLog(page, (l) => l.some((e) => e.call === 'startupDidComplete'), 'startupDidComplete');
        assert.deepEqual(
          log,
          [{ call: 'startupDidComplete', version: first, appLoaded: true, appStarted: true }],
          'the app loaded and its startup callbacks ran before startupDidComplete, and nothing was downloaded',
        );

        // The app holds its reload (as a method call waiting for its result does), with a draft.
        await page.evaluate(() => {
          Object.assign(window, { fixtureHoldReload: true });
          document.body.dataset['fixtureDraft'] = 'half a sentence';
        });
        // Redeploy: the server restarts with the next build; the page finds its way by itself.
        await stop(server);
        server = await serve(v2, port);
        const second = (await downloadLikeThePlugin(base)).manifest.version;
        await page.waitForFunction(() => typeof (window as { fixtureRetryReload?: unknown }).fixtureRetryReload === 'function', undefined, {
          timeout: 120_000,
        });
        assert.deepEqual(
          (await standInLog(page)).map((e) => e.call),
          ['startupDidComplete', 'checkForUpdates', 'downloaded'],
          'downloaded, but not switched to while the old page waits for its migration',
        );
        await page.evaluate(() => {
          const test = window as { fixtureHoldReload?: boolean; fixtureRetryReload?: () => void };
          test.fixtureHoldReload = false;
          test.fixtureRetryReload?.();
        });
        log = await waitForLog(page, (l) => l.filter((e) => e.call === 'startupDidComplete').length === 2, 'the new version starting');
        assert.deepEqual(
          log.map((e) => e.call),
          ['startupDidComplete', 'checkForUpdates', 'downloaded', 'switchToPendingVersion', 'startupDidComplete'],
        );
        assert.equal(log[1]?.running, first);
        assert.equal(log[2]?.version, second);
        assert.ok((log[2]?.verified ?? 0) > 0);
        assert.deepEqual(log[4], { call: 'startupDidComplete', version: second, appLoaded: true, appStarted: true });
        assert.equal(await page.evaluate(() => document.body.dataset['fixtureGeneration']), '2', 'the page runs the new code');
        assert.equal(await page.evaluate(() => document.body.dataset['fixtureMigratedDraft']), 'half a sentence', 'the draft crossed the reload');
        await page.context().close();
      } finally {
        // A failed assertion must not leave this server holding the database the next test opens.
        if (servers.has(server)) await stop(server);
      }
    });

    it('a bundle whose app code throws never calls startupDidComplete (the plugin rolls it back)', async () => {
      writeFileSync(mainFile(), `throw new Error('broken bundle');\n${readFileSync(mainFile(), 'utf8')}`);
      const broken = await build('v-broken');
      const port = await freePort();
      const server = await serve(broken, port);
      try {
        const context = await cordovaContext(base(port));
        const page = await context.newPage();
        const thrown = page.waitForEvent('pageerror');
        // autoupdate's own startup callback subscribing shows the startup queue ran after deviceready.
        const subscribed = page
          .waitForEvent('websocket')
          .then((ws) => ws.waitForEvent('framesent', { predicate: (f) => String(f.payload).includes('meteor_autoupdate_clientVersions') }));
        await page.goto(`${base(port)}/__cordova/`);
        assert.match((await thrown).message, /broken bundle/);
        await subscribed;
        await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
        assert.deepEqual(await standInLog(page), [], 'no startupDidComplete from a broken bundle');
        await context.close();
      } finally {
        await stop(server);
      }
    });
  });
});

function base(port: number): string {
  return `http://127.0.0.1:${port}`;
}

describe('meteor run with a mobile platform: browsers keep HMR, phones get hot code push', function () {
  this.timeout(240_000);
  let app: ReturnType<typeof copyFixtureApp>;
  let run: RunningCommand | undefined;
  after(async () => {
    if (run !== undefined) {
      run.child.kill('SIGINT');
      await run.exited;
    }
    app?.remove();
  });

  it('a client file saved publishes a new web.cordova version and manifest; the browser version stays the development one', async () => {
    app = copyFixtureApp();
    mkdirSync(join(app.dir, '.meteor'), { recursive: true });
    writeFileSync(join(app.dir, '.meteor', 'platforms'), 'server\nbrowser\nandroid\n');
    const port = await freePortPair();
    run = startCommand([METEOR_BIN, 'run', '--port', String(port)], app.dir, cleanEnv());
    await run.waitFor(/App running at/);
    const base = `http://127.0.0.1:${port}`;
    const first = await downloadLikeThePlugin(base);
    const page = await (await fetch(`${base}/`, { headers: { accept: 'text/html' } })).text();
    assert.match(page, /"web\.browser":\{"version":"development"/, 'browsers are on HMR, never reloaded by autoupdate');

    const main = join(app.dir, 'client', 'main.tsx');
    writeFileSync(main, `${readFileSync(main, 'utf8')}\ndocument.body.dataset['saved'] = 'again';\n`);
    let next: Download = first;
    while (next.manifest.version === first.manifest.version) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Polled mid-rebuild, the manifest and index.html may be of two versions; the plugin
      // then fails the download and tries again on the next version, as this does.
      next = await downloadLikeThePlugin(base).catch(() => first);
    }
    const held = new Map(first.manifest.manifest.map((e) => [e.url, e.hash] as const));
    assert.ok(
      next.manifest.manifest.some((e) => held.get(e.url) !== e.hash && e.type === 'js'),
      'the rebuilt code is a new entry',
    );
  });
});
