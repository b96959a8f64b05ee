import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { cleanEnv, METEOR_BIN, startCommand } from '../../packages/tool/test/fixture-app';
import type { RunningCommand } from '../../packages/tool/test/fixture-app';
import { freePort } from '../../packages/tool/src/app/port-check';
import { copyApp } from './support/app-copy';
import type { AppCopy } from './support/app-copy';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { uniqueName } from './support/unique-name';

/**
 * Browser hot code push on production builds: the chat is built three times (as deployed, with
 * one line of client code changed, with one CSS rule changed) and each deploy is the server
 * restarting on the next bundle, with the same database, while a signed-in page stays open.
 */
describe('hot code push in the browser: a redeploy reaches an open page by itself', function () {
  this.timeout(300_000);
  let app: AppCopy;
  let browser: Browser;
  let user: ChatUser;
  let port: number;
  let server: RunningCommand | undefined;
  const bundles: string[] = [];

  const build = async (out: string): Promise<string> => {
    const run = startCommand([METEOR_BIN, 'build', out, '--directory'], app.dir, cleanEnv());
    assert.equal(await run.exited, 0, run.output());
    return join(app.dir, out, 'bundle');
  };
  const deploy = async (bundle: string): Promise<void> => {
    if (server !== undefined) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    server = startCommand(['main.js'], bundle, cleanEnv({ PORT: String(port), ROOT_URL: `http://127.0.0.1:${port}`, PERSEID_DB_PATH: join(app.dir, 'db') }));
    await server.waitFor(/App running at/);
  };

  before(async function () {
    this.timeout(900_000);
    app = copyApp();
    port = await freePort();
    bundles.push(await build('v1'));
    appendFileSync(join(app.dir, 'client', 'main.tsx'), "\ndocument.documentElement.dataset['build'] = 'second';\n");
    bundles.push(await build('v2'));
    appendFileSync(join(app.dir, 'imports', 'ui', 'styles', 'app.css'), '\nhtml { outline: 3px solid rgb(1, 2, 3); }\n');
    bundles.push(await build('v3'));
    browser = await launchChromium();
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    if (server !== undefined) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    app?.remove();
  });

  screenshotOnFailure(() => (user === undefined ? [] : [user]));

  it('a new client version: the page reloads into it by itself, keeping the unsent draft and the open channel', async () => {
    await deploy(bundles[0] ?? '');
    user = await ChatUser.open(browser, `http://127.0.0.1:${port}/`, { label: 'hcp' });
    await user.signUp(uniqueName('hcp'), 'hcp-password-1', 'Hot Code');
    await user.openChannel('general');
    const draft = `half-written ${uniqueName('draft')}`;
    await user.composer().fill(draft);
    await user.page.evaluate(() => Object.assign(window, { samePage: true }));

    await deploy(bundles[1] ?? '');
    await user.page.waitForFunction(() => document.documentElement.dataset['build'] === 'second', undefined, { timeout: 60_000 });
    assert.equal(await user.page.evaluate(() => (window as { samePage?: boolean }).samePage), undefined, 'the page reloaded');
    await user.page.getByRole('heading', { level: 1, name: /general$/ }).waitFor();
    assert.equal(await user.composer().inputValue(), draft, 'the draft survived the reload');
  });

  it('a CSS-only change swaps the stylesheet without a reload', async () => {
    await user.page.evaluate(() => Object.assign(window, { samePage: true }));
    const outline = (): Promise<string> => user.page.evaluate(() => getComputedStyle(document.documentElement).outlineColor);
    assert.notEqual(await outline(), 'rgb(1, 2, 3)');
    const draft = await user.composer().inputValue();
    const stylesheets = await user.page.locator('link.__meteor-css__').count();

    await deploy(bundles[2] ?? '');
    await user.page.waitForFunction(() => getComputedStyle(document.documentElement).outlineColor === 'rgb(1, 2, 3)', undefined, { timeout: 60_000 });
    assert.equal(await user.page.evaluate(() => (window as { samePage?: boolean }).samePage), true, 'no reload');
    assert.equal(await user.page.locator('link.__meteor-css__').count(), stylesheets, 'the old stylesheets are gone');
    assert.equal(await user.composer().inputValue(), draft);
  });
});
