import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import type { Browser } from 'playwright-core';
import { startApp } from './support/app-process';
import type { RunningApp } from './support/app-process';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { uniqueName } from './support/unique-name';

/** How many stored messages have exactly this text, read straight from the run's database. */
async function storedCount(databaseUrl: string, texts: readonly string[]): Promise<Map<string, number>> {
  const client = new MongoClient(databaseUrl);
  try {
    await client.connect();
    const { databases } = await client.db('admin').admin().listDatabases();
    const counts = new Map<string, number>(texts.map((t) => [t, 0]));
    for (const { name } of databases) {
      const docs = await client
        .db(name)
        .collection<{ text: string }>('messages')
        .find({ text: { $in: [...texts] } }, { projection: { text: 1 } })
        .toArray();
      for (const doc of docs) counts.set(doc.text, (counts.get(doc.text) ?? 0) + 1);
    }
    return counts;
  } finally {
    await client.close();
  }
}

describe('the app restarts mid-conversation (server only, then everything): no message lost or doubled', function () {
  this.timeout(180_000);
  let app: RunningApp;
  let browser: Browser;
  let ana: ChatUser;
  let ben: ChatUser;

  before(async function () {
    this.timeout(300_000);
    // Its own run: restarting the shared one would disturb the other files' tests.
    app = await startApp();
    browser = await launchChromium();
    ana = await ChatUser.open(browser, app.url, { label: 'ana' });
    await ana.signUp(uniqueName('ana'), 'ana-password-1', 'Ana Restart');
    ben = await ChatUser.open(browser, app.url, { label: 'ben' });
    await ben.signUp(uniqueName('ben'), 'ben-password-1', 'Ben Restart');
    await ana.openChannel('general');
    await ben.openChannel('general');
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    await app?.stop();
  });

  screenshotOnFailure(() => [ana, ben].filter((u) => u !== undefined));

  it('messages sent before, during and after the restart each arrive exactly once, for both, and are stored once', async () => {
    const tag = uniqueName('r');
    const before = [1, 2, 3].map((i) => `before ${tag} ${i}`);
    const during = [1, 2, 3].map((i) => `while down ${tag} ${i}`);
    const after = [1, 2].map((i) => `after ${tag} ${i}`);

    for (const text of before) await ana.send(text);
    for (const text of before) await ben.waitForMessage(text);
    await ana.waitForDelivered(before[2] ?? '');

    for (const user of [ana, ben]) await user.page.evaluate(() => Object.assign(window, { samePage: true }));
    const restarted = app.restartServer();
    // Sent while the server is away: the UI says so, and the messages wait to go out.
    await ana.page
      .getByRole('status')
      .filter({ hasText: /offline|Connecting/ })
      .waitFor();
    for (const text of during) await ana.send(text);
    // "Waiting to send" while the page knows it is offline, "Sending…" while it reconnects.
    await ana
      .message(during[0] ?? '')
      .getByText(/Waiting to send|Sending…/)
      .waitFor();
    await restarted;

    for (const text of during) await ben.waitForMessage(text);
    for (const text of during) await ana.waitForDelivered(text);
    await ben.send(after[0] ?? '');
    await ana.send(after[1] ?? '');
    for (const text of after) {
      await ana.waitForMessage(text);
      await ben.waitForMessage(text);
    }

    const all = [...before, ...during, ...after];
    for (const user of [ana, ben]) {
      for (const text of all) assert.equal(await user.message(text).count(), 1, `${user.label} shows "${text}" once`);
    }
    const stored = await storedCount(app.databaseUrl, all);
    for (const text of all) assert.equal(stored.get(text), 1, `"${text}" stored once`);
    // Both pages reconnected in place (a reload would have dropped what was waiting to be sent).
    for (const user of [ana, ben])
      assert.equal(await user.page.evaluate(() => (window as { samePage?: boolean }).samePage), true, `${user.label}'s page was not reloaded`);
    await ana.page
      .getByRole('status')
      .filter({ hasText: /offline|Connecting/ })
      .waitFor({ state: 'detached' });
  });

  it('the whole run restarted (database too, data on disk): history intact, a message sent while down arrives once', async () => {
    const tag = uniqueName('full');
    const before = [1, 2].map((i) => `before full restart ${tag} ${i}`);
    const during = `while everything is down ${tag}`;
    const after = `after full restart ${tag}`;
    for (const text of before) await ana.send(text);
    for (const text of before) await ben.waitForMessage(text);
    await ana.waitForDelivered(before[1] ?? '');

    const restarted = app.restartAll();
    await ana.page
      .getByRole('status')
      .filter({ hasText: /offline|Connecting/ })
      .waitFor();
    await ana.send(during);
    await restarted;

    await ben.waitForMessage(during);
    await ana.waitForDelivered(during);
    await ben.send(after);
    await ana.waitForMessage(after);
    const all = [...before, during, after];
    for (const user of [ana, ben]) {
      for (const text of all) assert.equal(await user.message(text).count(), 1, `${user.label} shows "${text}" once`);
    }
    const stored = await storedCount(app.databaseUrl, all);
    for (const text of all) assert.equal(stored.get(text), 1, `"${text}" stored once`);
  });
});
