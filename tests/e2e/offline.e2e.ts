import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

/**
 * The chat without a server: "offline" here means the page's DDP WebSocket cannot connect (the
 * page itself still loads over HTTP: no service worker serves the app shell yet), or, while a
 * page is open, Chromium's own offline mode (`context.setOffline`).
 */
describe('offline: the chat opens from the device, and what is written offline goes out once', function () {
  this.timeout(240_000);
  let browser: Browser;
  let ann: ChatUser;
  let bob: ChatUser;
  const channel = uniqueName('train');
  const seen = `seen before the tunnel ${uniqueName('m')}`;

  /** While set, every new DDP socket of ann's pages is refused, as with no network; otherwise they pass through. */
  let serverCut = false;
  const cutServer = async (user: ChatUser) => {
    serverCut = true;
    await user.context.routeWebSocket(/\/websocket$/, (ws) => (serverCut ? ws.close() : ws.connectToServer()));
  };
  /** The network comes back: sockets connect again, and the browser says it is online. */
  const restoreServer = async (user: ChatUser) => {
    serverCut = false;
    await user.context.setOffline(true);
    await user.context.setOffline(false);
  };

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    ann = await ChatUser.open(browser, app.url, { label: 'ann' });
    await ann.signUp(uniqueName('ann'), 'ann-password-1', 'Ann Commuter');
    bob = await ChatUser.open(browser, app.url, { label: 'bob' });
    await bob.signUp(uniqueName('bob'), 'bob-password-1', 'Bob Office');
    await ann.createChannel(channel, 'public');
    await ann.invite(bob.username);
    await bob.openChannel(channel);
    await ann.send(seen);
    await ann.waitForDelivered(seen);
    await bob.waitForMessage(seen);
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => [ann, bob].filter((u) => u !== undefined));

  it('reloaded with no server, the app opens with the cached channel and messages and says it is offline', async () => {
    // The cache is written shortly after a change; give it its moment, as a person reading would.
    await ann.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 600)));
    await cutServer(ann);
    await ann.page.reload();
    await ann.channelLink(channel).waitFor();
    await ann.waitForMessage(seen);
    await ann.page
      .getByRole('status')
      .filter({ hasText: /offline/i })
      .first()
      .waitFor();
  });

  it('sent offline, edited and reacted after a reload, through two reloads: delivered once each, in order, edited and reacted', async () => {
    const texts = [1, 2, 3].map((n) => `offline ${n} ${uniqueName('m')}`);
    const edited = `${texts[1]} (fixed)`;
    await ann.context.setOffline(true);
    for (const text of texts) await ann.send(text);
    for (const text of texts) await ann.message(text).getByText('Waiting to send').waitFor();
    // The page loads over HTTP again; its DDP socket is still refused (see cutServer).
    await ann.context.setOffline(false);
    await ann.page.reload();
    for (const text of texts) await ann.message(text).getByText('Waiting to send').waitFor();
    // After the reload the kept sends are ordinary messages to the page: edit one, react to one.
    await ann.edit(texts[1] ?? '', edited);
    await ann.message(edited).first().waitFor();
    await ann.react(texts[0] ?? '', '👍');
    await ann
      .message(texts[0] ?? '')
      .getByRole('button', { name: /^👍 1, by / })
      .waitFor();

    await ann.page.reload();
    for (const text of [texts[0], edited, texts[2]])
      await ann
        .message(text ?? '')
        .getByText('Waiting to send')
        .waitFor();
    await ann
      .message(texts[0] ?? '')
      .getByRole('button', { name: /^👍 1, by / })
      .waitFor();
    assert.equal(await bob.message(texts[0] ?? '').count(), 0, 'nothing left the device while offline');

    await restoreServer(ann);
    for (const text of [texts[0], edited, texts[2]]) await bob.waitForMessage(text ?? '');
    await bob
      .message(texts[0] ?? '')
      .getByRole('button', { name: /^👍 1, by Ann Commuter$/ })
      .waitFor();
    await bob.message(edited).getByText('(edited)').waitFor();
    for (const text of [texts[0], edited, texts[2]]) {
      await ann
        .message(text ?? '')
        .getByText(/Waiting to send|Sending…/)
        .waitFor({ state: 'detached' });
    }
    const order = await bob.messageList().getByRole('article').allTextContents();
    const at = (text: string) => order.findIndex((row) => row.includes(text));
    assert.ok(at(texts[0] ?? '') < at(edited) && at(edited) < at(texts[2] ?? ''), `in order: ${order.join(' | ')}`);
    for (const user of [ann, bob]) {
      for (const text of [texts[0], edited, texts[2]]) assert.equal(await user.message(text ?? '').count(), 1, `${user.label} shows "${text}" once`);
    }
    // A fresh page reads what the server holds: each message once.
    await bob.page.reload();
    for (const text of [texts[0], edited, texts[2]]) assert.equal(await (await bob.waitForMessage(text ?? '')).count(), 1);
  });

  it('signing out wipes the device cache and outbox: nothing of the user is left in IndexedDB', async () => {
    const databases = () => ann.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
    assert.ok(
      (await databases()).some((name) => name.startsWith('perseid-cache:')),
      'the signed-in user had a cache',
    );
    await ann.page.getByRole('button', { name: /your profile and settings$/ }).click();
    await ann.page.getByRole('button', { name: 'Sign out' }).click();
    await ann.page.getByRole('button', { name: 'New here? Create an account' }).waitFor();
    await ann.page.waitForFunction(async () => (await indexedDB.databases()).every((d) => !(d.name ?? '').startsWith('perseid-')));
    assert.deepEqual(
      (await databases()).filter((name) => name.startsWith('perseid-')),
      [],
    );
  });
});
