import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

/**
 * The chat offline in several tabs of one person: one outbox shared through Web Locks and a
 * BroadcastChannel, real IndexedDB, the real server. "Offline" is the page's DDP WebSocket
 * refused (the page itself still loads over HTTP) plus Chromium's offline mode while pages are
 * open, as in offline.e2e.ts.
 */
describe('offline in several tabs: one outbox, every message once, stale counts said so', function () {
  this.timeout(300_000);
  let browser: Browser;
  let ann: ChatUser;
  let bob: ChatUser;
  const tabs: ChatUser[] = [];
  const channel = uniqueName('tunnel');
  const other = uniqueName('lift');
  const seen = `seen before going offline ${uniqueName('m')}`;

  /** Per context: while set, new DDP sockets are refused, as with no network. */
  const cut = new Map<ChatUser['context'], boolean>();
  /** New DDP sockets of the person's pages are refused from now on; pages reloaded after this open without a server. */
  const cutSockets = async (user: ChatUser) => {
    if (!cut.has(user.context)) {
      await user.context.routeWebSocket(/\/websocket$/, (ws) => {
        if (cut.get(user.context) === true) {
          ws.close();
          return;
        }
        // Every frame a page sends is kept (then passed on), so a test can count the calls that left.
        const server = ws.connectToServer();
        ws.onMessage((message) => {
          if (typeof message === 'string') sentFrames.push(message);
          server.send(message);
        });
      });
    }
    cut.set(user.context, true);
  };
  /** The open pages lose their server too, and the browser says it is offline. */
  const goOffline = async (user: ChatUser, pages: readonly ChatUser[]) => {
    await cutSockets(user);
    for (const tab of pages) {
      await tab.page.reload();
      await tab.composer().waitFor();
    }
    await user.context.setOffline(true);
  };
  const goOnline = async (user: ChatUser) => {
    cut.set(user.context, false);
    await user.context.setOffline(false);
  };

  /** The DDP frames the pages of a cut person sent once their sockets were let through. */
  const sentFrames: string[] = [];
  const sendFramesFor = (text: string) => sentFrames.filter((payload) => payload.includes('"method":"messages.send"') && payload.includes(text)).length;

  const staleNote = (user: ChatUser) => user.page.getByRole('note').filter({ hasText: /Unread counts may be out of date/ });

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    ann = await ChatUser.open(browser, app.url, { label: 'ann' });
    await ann.signUp(uniqueName('ann'), 'ann-password-1', 'Ann Tabs');
    bob = await ChatUser.open(browser, app.url, { label: 'bob' });
    await bob.signUp(uniqueName('bob'), 'bob-password-1', 'Bob Desk');
    await ann.createChannel(other, 'public');
    await ann.invite(bob.username);
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

  screenshotOnFailure(() => [ann, bob, ...tabs].filter((u) => u !== undefined));

  it('two tabs offline, both sending: each shows the other tab’s messages waiting; the first tab closes, the other sends everything, each once', async () => {
    // The device cache is written shortly after a change; give it its moment.
    await ann.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 600)));
    await cutSockets(ann);
    await ann.page.reload();
    await ann.waitForMessage(seen);
    const second = await ann.newTab('ann-tab-2');
    tabs.push(second);
    await second.waitForMessage(seen);
    await goOffline(ann, []);
    const fromFirst = [1, 2].map((n) => `first tab ${n} ${uniqueName('m')}`);
    const fromSecond = [1, 2].map((n) => `second tab ${n} ${uniqueName('m')}`);
    await ann.send(fromFirst[0] ?? '');
    await second.send(fromSecond[0] ?? '');
    await ann.send(fromFirst[1] ?? '');
    await second.send(fromSecond[1] ?? '');
    for (const tab of [ann, second]) {
      for (const text of [...fromFirst, ...fromSecond]) await tab.message(text).getByText('Waiting to send').waitFor();
      await staleNote(tab).waitFor();
    }

    // The first tab (the leader: it was open first) goes; the second takes over its calls.
    await ann.page.close();
    await second.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    for (const text of [...fromFirst, ...fromSecond]) assert.equal(await second.message(text).count(), 1, `"${text}" shown once`);
    assert.equal(await bob.message(fromFirst[0] ?? '').count(), 0, 'nothing left the device while offline');

    await goOnline(ann);
    for (const text of [...fromFirst, ...fromSecond]) await bob.waitForMessage(text);
    for (const text of [...fromFirst, ...fromSecond])
      await second
        .message(text)
        .getByText(/Waiting to send|Sending…/)
        .waitFor({ state: 'detached' });
    await staleNote(second).waitFor({ state: 'detached' });
    for (const text of [...fromFirst, ...fromSecond]) {
      assert.equal(await bob.message(text).count(), 1, `bob sees "${text}" once`);
      assert.equal(await second.message(text).count(), 1, `the second tab shows "${text}" once`);
      // Only one tab ever sent each call: the one that made it, or the one that took it over.
      assert.equal(sendFramesFor(text), 1, `"${text}" went out once`);
    }
    // A fresh page reads what the server holds: each message once.
    await bob.page.reload();
    for (const text of [...fromFirst, ...fromSecond]) assert.equal(await (await bob.waitForMessage(text)).count(), 1);
  });

  it('an own message not yet sent is edited and reacted to offline: both go out after the send, in order', async () => {
    const tab = tabs[0] as ChatUser;
    await goOffline(ann, [tab]);
    const text = `written in the lift ${uniqueName('m')}`;
    const edited = `${text} (fixed)`;
    await tab.send(text);
    await tab.message(text).getByText('Waiting to send').waitFor();
    await tab.edit(text, edited);
    await tab.message(edited).getByText('Waiting to send').waitFor();
    await tab.react(edited, '👍');
    await tab
      .message(edited)
      .getByRole('button', { name: /^👍 1, by / })
      .waitFor();

    await goOnline(ann);
    await bob.waitForMessage(edited);
    await bob.message(edited).getByText('(edited)').waitFor();
    await bob
      .message(edited)
      .getByRole('button', { name: /^👍 1, by Ann Tabs$/ })
      .waitFor();
    await tab
      .message(edited)
      .getByText(/Waiting to send|Sending…/)
      .waitFor({ state: 'detached' });
    assert.equal(await bob.message(text).count(), 1);
  });

  it('a queued send the server refuses (its channel archived meanwhile) is rolled back and reported; the other tab’s send is delivered', async () => {
    // Bob has two tabs: one on the channel about to be archived, one on another channel.
    await bob.openChannel(channel);
    const bobOther = await bob.newTab('bob-tab-2');
    tabs.push(bobOther);
    await bobOther.openChannel(other);
    await bob.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 600)));
    await goOffline(bob, [bob, bobOther]);
    const refused = `into the archive ${uniqueName('m')}`;
    const delivered = `elsewhere ${uniqueName('m')}`;
    await bob.send(refused);
    await bobOther.send(delivered);
    await bob.message(refused).getByText('Waiting to send').waitFor();
    await bobOther.message(delivered).getByText('Waiting to send').waitFor();

    const annTab = tabs[0] as ChatUser;
    await annTab.openChannel(channel);
    await annTab.page.getByRole('button', { name: /^Channel details, \d+ members?$/ }).click();
    await annTab.page.getByRole('complementary', { name: 'Channel details' }).getByRole('button', { name: 'Archive channel' }).click();
    await annTab.page.getByRole('complementary', { name: 'Channel details' }).getByRole('button', { name: 'Unarchive channel' }).waitFor();
    await annTab.closePanel('Channel details');

    await goOnline(bob);
    await bob
      .message(refused)
      .getByRole('alert')
      .filter({ hasText: /^Failed/ })
      .waitFor();
    await bob
      .message(refused)
      .getByText(/Waiting to send|Sending…/)
      .waitFor({ state: 'detached' });
    await bobOther
      .message(delivered)
      .getByText(/Waiting to send|Sending…/)
      .waitFor({ state: 'detached' });
    await annTab.openChannel(other);
    await annTab.waitForMessage(delivered);
    assert.equal(await annTab.message(delivered).count(), 1);
    // Archived, its heading reads "<name> archived": found by its messages instead.
    await annTab.channelLink(channel).click();
    await annTab.waitForMessage(seen);
    assert.equal(await annTab.message(refused).count(), 0, 'the refused message reached no one');
  });
});
