import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import type { Browser, BrowserContext } from 'playwright-core';
import { appDatabase } from '../../bench/chat/seed-channel';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

/**
 * A returning, signed-in person opens the chat on a slow network: the channel list and the
 * messages they last saw paint from the device while the page's DDP WebSocket is still
 * connecting (the test holds the socket's opening until it has looked). Once connected, the
 * server's truth replaces the cache (a message deleted meanwhile goes, the rest stay in place);
 * a stored login the server refuses takes the cached view and the device cache away.
 */

/** Records every DDP socket the page makes and when one first opened (set before the app loads). */
const WATCH_SOCKETS = `(() => {
  const Native = window.WebSocket;
  window.__ddpSockets = [];
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      if (new URL(url, location.href).pathname === '/websocket') {
        window.__ddpSockets.push(this);
        this.addEventListener('open', () => { if (window.__ddpOpenAt === undefined) window.__ddpOpenAt = performance.now(); });
      }
    }
  };
})()`;

/** What the page knows of its DDP sockets: how many it made, whether one has opened. */
interface SocketView {
  readonly made: number;
  readonly opened: boolean;
}

describe('offline cold open: a returning person sees the cached channel before the socket connects', function () {
  this.timeout(300_000);
  let browser: Browser;
  let mongo: MongoClient;
  let appUrl: string;
  const users: ChatUser[] = [];
  const password = 'ivy-password-1';
  const channel = uniqueName('commute');
  const kept = `kept on the device ${uniqueName('m')}`;
  const deletedMeanwhile = `deleted on the phone ${uniqueName('m')}`;
  const newest = `newest before closing ${uniqueName('m')}`;
  let ivy: ChatUser;
  let channelUrl: string;

  /** While set, every new DDP socket of the context waits for it before connecting to the server. */
  let held: Promise<void> = Promise.resolve();
  let release: () => void = () => {};
  const holdSockets = () => {
    held = new Promise<void>((resolve) => {
      release = resolve;
    });
  };
  const routeThroughHold = async (context: BrowserContext) => {
    await context.routeWebSocket(/\/websocket$/, async (ws) => {
      await held;
      ws.connectToServer();
    });
    await context.addInitScript({ content: WATCH_SOCKETS });
  };
  const sockets = (user: ChatUser) =>
    user.page.evaluate(() => {
      const w = window as unknown as { __ddpSockets?: WebSocket[]; __ddpOpenAt?: number };
      return {
        made: w.__ddpSockets?.length ?? 0,
        opened: w.__ddpOpenAt !== undefined,
      } satisfies SocketView;
    });
  /** The cache is written shortly after a change; give it its moment, as a person reading would. */
  const settle = (user: ChatUser) => user.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 600)));

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    appUrl = app.url;
    mongo = new MongoClient(app.databaseUrl);
    await mongo.connect();
    browser = await launchChromium();
    ivy = await ChatUser.open(browser, appUrl, { label: 'ivy', prepare: routeThroughHold });
    users.push(ivy);
    await ivy.signUp(uniqueName('ivy'), password, 'Ivy Returning');
    await ivy.createChannel(channel, 'public');
    for (const text of [kept, deletedMeanwhile, newest]) {
      await ivy.send(text);
      await ivy.waitForDelivered(text);
    }
    channelUrl = ivy.page.url();
    await settle(ivy);
  });

  after(async () => {
    release();
    await browser?.close();
    await mongo?.close();
  });

  screenshotOnFailure(() => users.filter((u) => !u.page.isClosed()));

  it('paints the cached channel and messages while the socket is held; once connected, a message deleted meanwhile goes and the rest stay in place', async () => {
    // Ivy leaves; on her phone she deletes one message meanwhile.
    await ivy.page.close();
    const phone = await ChatUser.open(browser, appUrl, { label: 'ivy-phone' });
    users.push(phone);
    await phone.signIn(ivy.username, password);
    await phone.openChannel(channel);
    await phone.remove(deletedMeanwhile);
    await phone.message(deletedMeanwhile).waitFor({ state: 'detached' });
    await phone.close();

    // Back on her computer, on a network whose WebSocket takes its time.
    holdSockets();
    const back = await ivy.newTab('ivy-back', channelUrl);
    users.push(back);
    try {
      await reopened(back);
    } finally {
      release();
      await back.page.close();
    }
  });

  /** The cached view while the socket is held, then the server's truth once it connects. */
  async function reopened(back: ChatUser): Promise<void> {
    await back.channelLink(channel).waitFor();
    await back.waitForMessage(newest);
    await back.waitForMessage(deletedMeanwhile);
    const whilePainted = await sockets(back);
    assert.ok(whilePainted.made > 0, 'the page did try to open its DDP socket');
    assert.equal(whilePainted.opened, false, 'the cached messages painted before the DDP socket opened');
    // Rows that the server confirms stay the same elements (no flicker through a re-mount).
    await back.message(kept).evaluate((row) => {
      (row as unknown as { __painted: boolean }).__painted = true;
    });

    release();
    await back.message(deletedMeanwhile).waitFor({ state: 'detached' });
    assert.equal((await sockets(back)).opened, true, 'the socket opened once released');
    await back.waitForMessage(kept);
    assert.equal(
      await back.message(kept).evaluate((row) => (row as unknown as { __painted?: boolean }).__painted === true),
      true,
      'the confirmed cached row stayed in place',
    );
    await back.waitForMessage(newest);
    const after = `written once connected ${uniqueName('m')}`;
    await back.send(after);
    await back.waitForDelivered(after);
    await settle(back);
  }

  it('a stored login the server refuses: the cached view painted at start goes away, with the device cache', async () => {
    // The session ended while no page was open (e.g. "sign out everywhere" from elsewhere).
    const db = await appDatabase(mongo);
    const user = await db.collection<{ _id: string; username: string }>('users').findOne({ username: ivy.username });
    assert.ok(user !== null, 'ivy is in the database');
    const ended = await db.collection('users').updateOne({ _id: user._id as never }, { $set: { 'services.resume.loginTokens': [] } });
    assert.equal(ended.modifiedCount, 1, 'her sessions were ended');

    holdSockets();
    const back = await ivy.newTab('ivy-refused', channelUrl);
    users.push(back);
    await back.waitForMessage(kept);
    assert.equal((await sockets(back)).opened, false, 'painted from the device before the socket opened');

    release();
    await back.page.getByRole('button', { name: 'New here? Create an account' }).waitFor();
    assert.equal(await back.page.getByText(kept).count(), 0, 'nothing cached is left on the screen');
    // The wipe follows the logout; wait for it (bounded by the page's default timeout).
    await back.page.waitForFunction(async (name) => !(await indexedDB.databases()).some((d) => d.name === name), `perseid-cache:${user._id}`, { polling: 100 });
  });
});
