import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext } from 'playwright-core';
import { copyApp, REPO_ROOT } from './support/app-copy';
import type { AppCopy } from './support/app-copy';
import { startApp } from './support/app-process';
import type { RunningApp } from './support/app-process';
import { artifactPath, screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { CHROMIUM_ARGS, chromiumPath } from './support/chromium';
import { freePortPair } from './support/free-port-pair';
import { uniqueName } from './support/unique-name';

const require = createRequire(import.meta.url);
const METEOR_BIN = join(REPO_ROOT, 'packages', 'meteor', 'bin', 'meteor.js');
const CORDOVA_BIN = join(dirname(require.resolve('cordova/package.json')), 'bin', 'cordova');
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Runs a command to its end (bounded), resolving with its exit code and output. */
function run(args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
    for (const key of ['MONGO_URL', 'PORT', 'METEOR_SETTINGS', 'ANDROID_HOME', 'ANDROID_SDK_ROOT', 'MOBILE_ROOT_URL', 'MOBILE_DDP_URL', 'NODE_ENV'])
      delete env[key];
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (output += s));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.slice(1).join(' ')} took over ${timeoutMs} ms:\n${output.slice(-3000)}`));
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * What the HCP plugin does on a phone, done by the browser context instead: it serves the app's
 * www at `http://localhost:<WebAppLocalServerPort>` (www/application at the root, cordova.js and
 * the plugins beside it), so the page has the origin a real Cordova app has, and only its DDP
 * connection leaves for the server on another port.
 */
async function servePhoneWww(context: BrowserContext, origin: string, www: string): Promise<void> {
  await context.route(`${origin}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const rel = normalize(decodeURIComponent(path === '/' ? '/index.html' : path)).replace(/^[/\\]+/, '');
    const file = [join(www, 'application', rel), join(www, rel)].find((f) => f.startsWith(www + sep) && existsSync(f) && !f.endsWith(sep));
    if (file === undefined) {
      await route.fulfill({ status: 404, body: 'not found' });
      return;
    }
    await route.fulfill({ status: 200, contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
  });
}

describe('the Cordova app built for the browser platform, on a phone viewport, chatting with a desktop browser through a server on another port', function () {
  this.timeout(120_000);
  let copy: AppCopy;
  let app: RunningApp | undefined;
  let browser: Browser;
  let phone: ChatUser;
  let desktop: ChatUser | undefined;
  let port: number;
  let phoneOrigin: string;

  before(async function () {
    this.timeout(900_000);
    copy = copyApp();
    for (const entry of ['mobile-config.js', 'resources']) cpSync(join(REPO_ROOT, entry), join(copy.dir, entry), { recursive: true });
    port = await freePortPair();
    const added = await run([METEOR_BIN, 'add-platform', 'android'], copy.dir, 300_000);
    assert.equal(added.code, 0, added.output);
    // Without an Android SDK the build ends with exit 1 after writing the project; with one, 0.
    const built = await run([METEOR_BIN, 'build', 'out', '--directory', '--server', `http://127.0.0.1:${port}`], copy.dir, 600_000);
    const project = join(copy.dir, 'out', 'android', 'project');
    assert.ok(existsSync(join(project, 'www', 'application', 'index.html')), built.output);
    // cordova-browser (a devDependency, pinned) is found in node_modules: no download.
    const platform = await run([CORDOVA_BIN, 'platform', 'add', 'browser@7.0.0', '--nosave', '--no-telemetry'], project, 300_000);
    assert.equal(platform.code, 0, platform.output);
    const browserBuild = await run([CORDOVA_BIN, 'build', 'browser', '--no-telemetry'], project, 300_000);
    assert.equal(browserBuild.code, 0, browserBuild.output);
    const www = join(project, 'platforms', 'browser', 'www');
    assert.ok(existsSync(join(www, 'cordova.js')) && existsSync(join(www, 'application', 'index.html')), 'cordova build browser wrote www with the app');
    assert.ok(existsSync(join(www, 'application', 'favicon.svg')), "public/ is part of the phone's program");
    const localPort = /<preference name="WebAppLocalServerPort" value="(\d+)"/.exec(readFileSync(join(project, 'config.xml'), 'utf8'))?.[1];
    assert.ok(localPort !== undefined, 'config.xml names the local server port');
    phoneOrigin = `http://localhost:${localPort}`;

    // The phone page comes from the browser context here, which Chromium counts as a public
    // address, so its WebSocket to 127.0.0.1 would meet the Local Network Access checks; a
    // WebView serving the page from its own localhost (the plugin) does not.
    browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks'] });
    phone = await ChatUser.open(browser, `${phoneOrigin}/`, { label: 'phone', context: PHONE, prepare: (context) => servePhoneWww(context, phoneOrigin, www) });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    copy?.remove();
  });

  screenshotOnFailure(() => [phone, desktop].filter((u): u is ChatUser => u !== undefined));

  it('with the server down, the app shows a clear screen naming the server, then connects on "Try again now"', async () => {
    const heading = phone.page.getByRole('heading', { name: 'Can’t reach Perseid' });
    await heading.waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText (the text as shown), not the DOM property
    assert.match(await phone.page.locator('.unreachable').innerText(), new RegExp(`127\\.0\\.0\\.1:${port}`));
    await phone.page.screenshot({ path: artifactPath('cordova-unreachable.png') });
    app = await startApp({ root: copy.dir, port, settings: 'tests/settings.json' });
    await phone.page.getByRole('button', { name: 'Try again now' }).tap();
    await phone.page.getByRole('form', { name: 'Welcome back' }).waitFor();
  });

  it('is the web.cordova program: Meteor.isCordova there, not in the desktop browser', async () => {
    const isCordova = (user: ChatUser): Promise<unknown> => user.page.evaluate(() => (globalThis as { Meteor?: { isCordova?: unknown } }).Meteor?.isCordova);
    assert.equal(await isCordova(phone), true);
    assert.ok(app !== undefined);
    desktop = await ChatUser.open(browser, app.url, { label: 'desktop' });
    assert.equal(await isCordova(desktop), false);
    assert.equal(new URL(phone.page.url()).origin, phoneOrigin, 'the phone page is not served by the server');
  });

  it('phone and desktop, signed in, chat live both ways', async () => {
    assert.ok(desktop !== undefined);
    await phone.signUp(uniqueName('phone'), 'phone-password-1', 'Pat Phone');
    await desktop.signUp(uniqueName('desk'), 'desk-password-1', 'Dee Desk');
    const fromPhone = `hello from the phone ${uniqueName('m')}`;
    await phone.send(fromPhone);
    await desktop.waitForMessage(fromPhone);
    const fromDesk = `hello from the desk ${uniqueName('m')}`;
    await desktop.send(fromDesk);
    await phone.waitForMessage(fromDesk);
    await phone.page.screenshot({ path: artifactPath('cordova-phone-chat.png') });
  });

  it('draws edge to edge and keeps the header and the composer inside the safe areas (a notch and a home bar emulated)', async () => {
    const header = phone.page.locator('.channel-header');
    const top = async (): Promise<number> => (await header.boundingBox())?.y ?? Number.NaN;
    const composerBottom = async (): Promise<number> => {
      const box = await phone.composer().boundingBox();
      return box === null ? Number.NaN : box.y + box.height;
    };
    assert.ok((await top()) < 47, 'without insets the header starts where a notch would be');
    assert.ok((await composerBottom()) > PHONE.viewport.height - 34, 'without insets the composer reaches where a home bar would be');
    const cdp = await phone.page.context().newCDPSession(phone.page);
    await cdp.send('Emulation.setSafeAreaInsetsOverride', { insets: { top: 47, bottom: 34, left: 0, right: 0 } });
    try {
      await phone.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      assert.ok((await top()) >= 47, `the header clears the notch (top ${await top()})`);
      assert.ok((await composerBottom()) <= PHONE.viewport.height - 34, `the composer clears the home bar (bottom ${await composerBottom()})`);
      await phone.page.screenshot({ path: artifactPath('cordova-safe-areas.png') });
    } finally {
      await cdp.send('Emulation.setSafeAreaInsetsOverride', { insets: { top: 0, bottom: 0, left: 0, right: 0 } });
      await cdp.detach();
    }
  });

  it('the Android back button closes the open panel and keeps the conversation', async () => {
    await phone.page.getByRole('button', { name: /^Channel details/ }).tap();
    const panel = phone.page.getByRole('complementary', { name: 'Channel details' });
    await panel.waitFor();
    await phone.page.evaluate(() => (globalThis as unknown as { cordova: { fireDocumentEvent(name: string): void } }).cordova.fireDocumentEvent('backbutton'));
    await panel.waitFor({ state: 'detached' });
    await phone.composer().waitFor();
  });
});
