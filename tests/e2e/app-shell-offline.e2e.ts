import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startApp } from './support/app-process';
import type { RunningApp } from './support/app-process';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { uniqueName } from './support/unique-name';
import { eventually } from '../helpers/eventually';

/**
 * The app shell on a production client (`meteor run --production`): the service worker keeps
 * the built client, so a reload with Chromium fully offline (no HTTP at all) still opens the
 * chat; a redeploy met once the network is back moves the page and the worker to the new
 * version, never leaving the page on the stale bundle.
 */
describe('app shell: a reload with no network opens the chat, and a redeploy replaces it', function () {
  this.timeout(600_000);
  let app: RunningApp;
  let browser: Browser;
  let ann: ChatUser;
  const channel = uniqueName('tunnel');
  const seen = `read before going offline ${uniqueName('m')}`;

  const shellCaches = (): Promise<string[]> => ann.page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('perseid-app-shell:')));
  const pageVersion = (): Promise<string | undefined> =>
    ann.page.evaluate(
      () =>
        (globalThis as { __meteor_runtime_config__?: { autoupdate?: { versions?: Record<string, { version?: string }> } } }).__meteor_runtime_config__
          ?.autoupdate?.versions?.['web.browser']?.version,
    );
  const offlineBanner = () =>
    ann.page
      .getByRole('status')
      .filter({ hasText: /offline/i })
      .first();

  before(async function () {
    this.timeout(600_000);
    app = await startApp({ mode: 'production', settings: 'tests/settings.json', readyTimeoutMs: 300_000 });
    browser = await launchChromium();
    ann = await ChatUser.open(browser, app.url, { label: 'ann' });
    await ann.signUp(uniqueName('ann'), 'ann-password-1', 'Ann Underground');
    await ann.createChannel(channel, 'public');
    await ann.send(seen);
    await ann.waitForDelivered(seen);
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    await app?.stop();
  });

  screenshotOnFailure(() => (ann === undefined ? [] : [ann]));

  it('reloaded with Chromium offline, the app opens from the worker with the cached channel, messages and the offline banner', async () => {
    const version = await pageVersion();
    assert.ok(version !== undefined && version !== 'development', 'a production client');
    // The worker installs after the page's load and takes the page over once its version is cached.
    await ann.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    assert.deepEqual(await shellCaches(), [`perseid-app-shell:${version}`]);
    // The IndexedDB cache is written shortly after a change; give it its moment, as a person reading would.
    await ann.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 600)));

    await ann.context.setOffline(true);
    await ann.page.reload();
    await ann.channelLink(channel).waitFor();
    await ann.waitForMessage(seen);
    await offlineBanner().waitFor();
    assert.equal(await pageVersion(), version);
  });

  it('after a redeploy, offline keeps the cached version; back online, the page and the worker end on the new one', async () => {
    const old = await pageVersion();
    appendFileSync(join(app.dir, 'client', 'main.tsx'), "\ndocument.documentElement.dataset['build'] = 'second';\n");
    await app.restartAll();

    await ann.page.reload();
    await ann.waitForMessage(seen);
    assert.equal(await pageVersion(), old, 'offline, the cached version opens');
    assert.equal(await ann.page.evaluate(() => document.documentElement.dataset['build']), undefined);

    await ann.context.setOffline(false);
    // The cached page connects, sees the newer version published and reloads onto it (hot code push).
    await ann.page.waitForFunction(() => document.documentElement.dataset['build'] === 'second', undefined, { timeout: 120_000 });
    const fresh = await pageVersion();
    assert.ok(fresh !== undefined && fresh !== old);
    await ann.channelLink(channel).waitFor();
    await ann.waitForMessage(seen);
    // The new version's worker installs and drops the old version's cache.
    let names: string[] = [];
    await eventually(
      "only the new version's cache is left",
      async () => {
        names = await shellCaches();
        return names.length === 1 && names[0] === `perseid-app-shell:${fresh}`;
      },
      { timeoutMs: 60_000, intervalMs: 250, detail: () => `caches: ${names.join(', ')}` },
    );
    await ann.page.waitForFunction((url) => navigator.serviceWorker.controller?.scriptURL === url, `${app.url}/__perseid/sw.js`);

    // Offline again, the reload opens the new version from the device.
    await ann.context.setOffline(true);
    await ann.page.reload();
    await ann.waitForMessage(seen);
    assert.equal(await ann.page.evaluate(() => document.documentElement.dataset['build']), 'second');
    assert.equal(await pageVersion(), fresh);
    await offlineBanner().waitFor();
  });
});
