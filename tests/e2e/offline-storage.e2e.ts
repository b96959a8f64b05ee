import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

/**
 * The device cache and outbox at their edges: one browser shared by two people (a logout wipes
 * the first one's data, and the second, even offline, sees none of it), and a corrupted store
 * (the chat falls back to the network with a warning, never a blank page), and a full storage
 * quota (every IndexedDB write fails with QuotaExceededError: the chat works from the network,
 * warns once, and sends that cannot be kept still go out).
 */
describe('offline storage: private per person, and never in the way when it breaks', function () {
  this.timeout(300_000);
  let browser: Browser;
  const users: ChatUser[] = [];
  let appUrl: string;

  before(async function () {
    this.timeout(300_000);
    appUrl = (await sharedApp()).url;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => users);

  const wait = (user: ChatUser, ms: number) => user.page.evaluate((delay) => new Promise((resolve) => setTimeout(resolve, delay)), ms);
  const databases = (user: ChatUser) => user.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
  const signOut = async (user: ChatUser) => {
    await user.page.getByRole('button', { name: /your profile and settings$/ }).click();
    await user.page.getByRole('button', { name: 'Sign out' }).click();
    await user.page.getByRole('button', { name: 'New here? Create an account' }).waitFor();
  };

  it('after a logout, a second person signing in in the same browser sees nothing of the first, even offline', async () => {
    const first = await ChatUser.open(browser, appUrl, { label: 'erin' });
    users.push(first);
    await first.signUp(uniqueName('erin'), 'erin-password-1', 'Erin First');
    const secretChannel = uniqueName('erin-private');
    const secret = `only for erin ${uniqueName('m')}`;
    await first.createChannel(secretChannel, 'private');
    await first.send(secret);
    await first.waitForDelivered(secret);
    await wait(first, 600);
    assert.ok(
      (await databases(first)).some((name) => name.startsWith('perseid-cache:')),
      'the first person had a device cache',
    );
    await signOut(first);

    // The second person signs up in the same page (same storage), then opens the app with no
    // server: what shows comes from the device alone (and must be theirs).
    const second = first;
    await second.signUp(uniqueName('fay'), 'fay-password-1', 'Fay Second');
    await wait(second, 600);
    await second.context.routeWebSocket(/\/websocket$/, (ws) => ws.close());
    await second.page.reload();
    await second.page.getByRole('navigation', { name: 'Channels and direct messages' }).waitFor();
    assert.equal(await second.channelLink(secretChannel).count(), 0, 'the first person’s channel is not listed');
    assert.equal(await second.page.getByText(secret).count(), 0, 'the first person’s message is nowhere on the page');
    const stored = await second.page.evaluate(async (text) => {
      const found: string[] = [];
      for (const info of await indexedDB.databases()) {
        const name = info.name ?? '';
        if (!name.startsWith('perseid-')) continue;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const opening = indexedDB.open(name);
          opening.onsuccess = () => resolve(opening.result);
          opening.onerror = () => reject(opening.error);
        });
        for (const store of Array.from(db.objectStoreNames)) {
          const all = await new Promise<unknown[]>((resolve, reject) => {
            const request = db.transaction(store, 'readonly').objectStore(store).getAll();
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          if (JSON.stringify(all).includes(text)) found.push(name);
        }
        db.close();
      }
      return found;
    }, secret);
    assert.deepEqual(stored, [], 'nothing of the first person is left in IndexedDB');
  });

  it('a corrupted device cache and outbox: the chat opens from the network with a warning, never a blank page', async () => {
    const user = await ChatUser.open(browser, appUrl, { label: 'gus' });
    users.push(user);
    const warnings: string[] = [];
    user.page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await user.signUp(uniqueName('gus'), 'gus-password-1', 'Gus Storage');
    const channel = uniqueName('fragile');
    await user.createChannel(channel, 'public');
    const before = `before the damage ${uniqueName('m')}`;
    await user.send(before);
    await user.waitForDelivered(before);
    await wait(user, 600);

    // Another program (or a crash) left a database of the same name with other contents.
    await user.page.evaluate(async () => {
      const userId = localStorage.getItem('perseid.offline.lastUser') ?? '';
      for (const name of [`perseid-cache:${userId}`, `perseid-outbox:${userId}`]) {
        await new Promise<void>((resolve) => {
          const deleting = indexedDB.deleteDatabase(name);
          deleting.onsuccess = () => resolve();
          deleting.onerror = () => resolve();
          deleting.onblocked = () => resolve();
        });
        await new Promise<void>((resolve, reject) => {
          const opening = indexedDB.open(name, 1);
          opening.onupgradeneeded = () => opening.result.createObjectStore('not-ours');
          opening.onsuccess = () => {
            opening.result.close();
            resolve();
          };
          opening.onerror = () => reject(opening.error);
        });
      }
    });
    warnings.length = 0;
    await user.page.reload();
    await user.waitForMessage(before);
    const after = `after the damage ${uniqueName('m')}`;
    await user.send(after);
    await user.waitForDelivered(after);
    assert.ok(
      warnings.some((text) => text.includes('[cache]')),
      `the broken cache was warned about: ${warnings.join(' | ')}`,
    );
    assert.ok(
      warnings.some((text) => text.includes('[outbox]')),
      `the broken outbox was warned about: ${warnings.join(' | ')}`,
    );
  });

  it('a full storage quota: the chat works from the network, warns once per store, and sends still go out once', async () => {
    // The origin's quota is one byte in this person's browser (a full disk): every IndexedDB
    // write aborts with QuotaExceededError, the databases still open and read. The override
    // lives as long as the DevTools session on a page of the context, and only counts if set
    // before the origin's first IndexedDB use (Chromium keeps the quota it started with).
    const origin = new URL(appUrl).origin;
    const user = await ChatUser.open(browser, appUrl, {
      label: 'hal',
      prepare: async (context) => {
        const holder = await context.newPage();
        const cdp = await context.newCDPSession(holder);
        await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
      },
    });
    users.push(user);
    const warnings: string[] = [];
    user.page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    const quotaHit = await user.page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const opening = indexedDB.open('quota-probe', 1);
          opening.onupgradeneeded = () => opening.result.createObjectStore('s');
          opening.onerror = () => resolve(opening.error?.name ?? 'open failed');
          opening.onsuccess = () => {
            const tx = opening.result.transaction('s', 'readwrite');
            tx.objectStore('s').put('x'.repeat(10_000), 1);
            tx.oncomplete = () => resolve('written');
            tx.onabort = () => resolve(tx.error?.name ?? 'aborted');
          };
        }),
    );
    assert.equal(quotaHit, 'QuotaExceededError', 'the quota override makes writes fail');

    await user.signUp(uniqueName('hal'), 'hal-password-1', 'Hal Quota');
    const channel = uniqueName('full-disk');
    await user.createChannel(channel, 'public');
    const sent = [`on a full disk one ${uniqueName('m')}`, `on a full disk two ${uniqueName('m')}`];
    for (const text of sent) {
      await user.send(text);
      await user.waitForDelivered(text);
    }
    // Past the cache's write delay, so every kept collection has tried to write.
    await wait(user, 800);
    const cacheWrites = warnings.filter((text) => text.includes('[cache] could not write'));
    const outboxWrites = warnings.filter((text) => text.includes('[outbox] could not write'));
    assert.equal(cacheWrites.length, 1, `the full cache was warned about once: ${warnings.join(' | ')}`);
    assert.equal(outboxWrites.length, 1, `the full outbox was warned about once: ${warnings.join(' | ')}`);

    // A reload opens the app (the device could keep nothing): what shows is the server's, each once.
    await user.page.reload();
    await user.openChannel(channel);
    for (const text of sent) {
      await user.waitForMessage(text);
      assert.equal(await user.page.getByText(text).count(), 1, `"${text}" shows once`);
    }
  });
});
