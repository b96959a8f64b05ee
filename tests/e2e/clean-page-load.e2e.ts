import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

/**
 * A page that loads with a failed request or a console error looks broken in devtools and hides
 * real failures among the noise; every request of a sign-up and a channel visit must succeed.
 */
describe('a clean page load', function () {
  this.timeout(120_000);
  let browser: Browser;
  let user: ChatUser | undefined;

  before(async function () {
    this.timeout(300_000);
    await sharedApp();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => (user === undefined ? [] : [user]));

  it('signing up and opening #general fetch nothing that fails and log no console error', async () => {
    const app = await sharedApp();
    user = await ChatUser.open(browser, app.url, { label: 'clean-load' });
    const { page } = user;
    const failed: string[] = [];
    const consoleErrors: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    page.on('requestfailed', (request) => {
      const reason = request.failure()?.errorText ?? '';
      // The reload below cancels whatever the previous page still had in flight: not a failure.
      if (reason !== 'net::ERR_ABORTED') failed.push(`failed ${request.url()}: ${reason}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await user.signUp(uniqueName('clean'), 'clean-password-1');
    await user.openChannel('general');
    // A full load with every listener in place: the first one happened inside open().
    await page.reload();
    await user.waitForWorkspace();
    // The browser asks for an icon after load; give it the time a person would.
    await page.waitForLoadState('networkidle');
    assert.deepEqual(failed, [], 'no request failed');
    assert.deepEqual(consoleErrors, [], 'no console error');
    assert.equal(await page.evaluate(() => document.querySelector('link[rel="icon"]')?.getAttribute('href')), '/favicon.svg');
    const icon = await fetch(new URL('/favicon.svg', app.url));
    assert.equal(icon.status, 200);
    assert.match(icon.headers.get('content-type') ?? '', /^image\/svg\+xml/);
  });
});
