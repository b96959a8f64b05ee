import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AppUnderTest } from './app-process';
import { launchChromium, sendMessage, signUpInBrowser } from './browser';
import type { ChatUserPage } from './browser';

function messageRow(page: Page, text: string) {
  return page.locator('.main article.message', { hasText: text });
}

/** Two (or three) people in real Chromium contexts against the app started with `meteor run`. */
describe('Perseid end to end (meteor run + Chromium)', function () {
  this.timeout(120_000);
  let app: AppUnderTest;
  let browser: Browser;
  const users: ChatUserPage[] = [];
  let counter = 0;
  const signUp = async (prefix: string, name: string, viewport?: { width: number; height: number }): Promise<ChatUserPage> => {
    const user = await signUpInBrowser(browser, app.url, `${prefix}${++counter}${Date.now().toString(36).slice(-3)}`, name, viewport);
    users.push(user);
    return user;
  };

  before(async () => {
    app = await AppUnderTest.start();
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const user of users.splice(0)) await user.context.close();
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('two people chat, react, edit, delete and see typing and presence live', async () => {
    const ana = await signUp('ana', 'Ana Lovelace');
    const bob = await signUp('bob', 'Bob Hopper');
    bob.page.on('dialog', (dialog) => void dialog.accept());
    ana.page.on('dialog', (dialog) => void dialog.accept());

    await sendMessage(ana.page, 'Hello **Bob**, ready for the release?');
    await messageRow(bob.page, 'ready for the release').waitFor();
    assert.equal(await messageRow(bob.page, 'ready for the release').locator('strong', { hasText: 'Bob' }).count(), 1);

    await bob.page.locator('.main .composer-input').pressSequentially('Almost', { delay: 20 });
    await ana.page.getByText('Bob Hopper is typing…').waitFor();
    await bob.page.locator('.main .composer-input').press('Enter');
    await messageRow(ana.page, 'Almost').waitFor();
    await ana.page.getByText('Bob Hopper is typing…').waitFor({ state: 'hidden' });

    const anaMessageForBob = messageRow(bob.page, 'ready for the release');
    await anaMessageForBob.hover();
    await anaMessageForBob.getByRole('button', { name: 'React with 👍' }).click();
    await messageRow(ana.page, 'ready for the release').getByRole('button', { name: /👍 1, by Bob Hopper/ }).waitFor();

    const own = messageRow(ana.page, 'ready for the release');
    await own.hover();
    await own.getByRole('button', { name: 'Edit message' }).click();
    await ana.page.getByRole('textbox', { name: 'Edit message' }).fill('Hello Bob, release is at 5pm');
    await ana.page.getByRole('textbox', { name: 'Edit message' }).press('Enter');
    await messageRow(bob.page, 'release is at 5pm').getByText('(edited)').waitFor();

    const edited = messageRow(ana.page, 'release is at 5pm');
    await edited.hover();
    await edited.getByRole('button', { name: 'Delete message' }).click();
    await messageRow(bob.page, 'release is at 5pm').waitFor({ state: 'detached' });

    await bob.page.getByRole('button', { name: /Channel details/ }).click();
    const anaInPanel = bob.page.locator('.panel .member-list li', { hasText: 'Ana Lovelace' });
    await bob.page.locator('.panel .member-list li[data-presence="online"]', { hasText: 'Ana Lovelace' }).waitFor();
    await ana.context.close();
    users.splice(users.indexOf(ana), 1);
    // The server keeps a closed session resumable for its grace period before it ends.
    await bob.page.locator('.panel .member-list li[data-presence="offline"]', { hasText: 'Ana Lovelace' }).waitFor({ timeout: 60_000 });
    assert.equal(await anaInPanel.count(), 1);
  });

  it('shows unread and mention badges and the title total live; Alt+↑/↓ moves between channels and reading clears them', async () => {
    const ana = await signUp('ana', 'Ana Badges');
    const bob = await signUp('bob', 'Bob Badges');
    await bob.page.getByRole('button', { name: 'Browse or create channels' }).click();
    await bob.page.getByLabel('Name', { exact: true }).fill(`quiet-${Date.now().toString(36)}`);
    await bob.page.getByRole('button', { name: 'Create channel', exact: true }).click();
    await bob.page.locator('.channel-title h1', { hasText: 'quiet-' }).waitFor();
    await bob.page.keyboard.press('Escape');

    await sendMessage(ana.page, 'plain news for everyone');
    await sendMessage(ana.page, `@${bob.username} can you look?`);
    await bob.page.getByRole('link', { name: /Channel general, 2 unread, 1 mentions/ }).waitFor();
    await bob.page.waitForFunction(() => document.title === '(2) Perseid');

    await bob.page.locator('.main .composer-input').press('Alt+ArrowUp');
    await bob.page.locator('.channel-title h1', { hasText: 'general' }).waitFor();
    await bob.page.getByRole('link', { name: /^Channel general$/ }).waitFor();
    await bob.page.waitForFunction(() => document.title === 'Perseid');
    await bob.page.keyboard.press('Alt+ArrowDown');
    await bob.page.locator('.channel-title h1', { hasText: 'quiet-' }).waitFor();
  });

  it('never sends a private channel’s messages to a non-member', async () => {
    const ana = await signUp('ana', 'Ana Private');
    const eve = await signUp('eve', 'Eve Outsider');
    const frames: string[] = [];
    eve.page.on('websocket', (socket) => socket.on('framereceived', (frame) => frames.push(String(frame.payload))));
    await eve.page.reload();
    await eve.page.getByRole('log', { name: 'Messages' }).waitFor();

    await ana.page.getByRole('button', { name: 'Browse or create channels' }).click();
    await ana.page.getByLabel('Name', { exact: true }).fill(`secret-${Date.now().toString(36)}`);
    await ana.page.getByLabel(/Private/).check();
    await ana.page.getByRole('button', { name: 'Create channel', exact: true }).click();
    await ana.page.locator('.channel-title h1', { hasText: 'secret-' }).waitFor();
    await sendMessage(ana.page, 'the launch code is tangerine-42');
    await messageRow(ana.page, 'tangerine-42').waitFor();
    await messageRow(ana.page, 'tangerine-42').locator('.delivery').waitFor({ state: 'detached' });

    await eve.page.getByRole('button', { name: 'Browse or create channels' }).click();
    await eve.page.getByRole('searchbox', { name: 'Search channels' }).fill('secret');
    await eve.page.waitForTimeout(500);
    assert.equal(frames.some((f) => f.includes('tangerine-42')), false, 'a frame carried the private message');
    assert.equal(frames.some((f) => f.includes('"secret-')), false, 'a frame carried the private channel');
    assert.equal(await eve.page.getByText('tangerine-42').count(), 0);
  });

  it('loses and doubles no message when the app server restarts mid-conversation', async () => {
    const ana = await signUp('ana', 'Ana Restart');
    const bob = await signUp('bob', 'Bob Restart');
    const tag = Date.now().toString(36);
    for (let i = 1; i <= 3; i++) await sendMessage(ana.page, `before-${tag}-${i}`);
    await messageRow(bob.page, `before-${tag}-3`).waitFor();

    await app.stopServer();
    await ana.page.locator('.connection-banner').waitFor();
    for (let i = 1; i <= 2; i++) await sendMessage(ana.page, `during-${tag}-${i}`);
    await messageRow(ana.page, `during-${tag}-2`).getByText('Sending…').waitFor();
    await app.startServer();

    await messageRow(bob.page, `during-${tag}-2`).waitFor({ timeout: 60_000 });
    await sendMessage(bob.page, `after-${tag}`);
    await messageRow(ana.page, `after-${tag}`).waitFor({ timeout: 30_000 });
    for (const page of [ana.page, bob.page]) {
      for (const text of [`before-${tag}-1`, `before-${tag}-2`, `before-${tag}-3`, `during-${tag}-1`, `during-${tag}-2`, `after-${tag}`]) {
        assert.equal(await messageRow(page, text).count(), 1, `${text} shown exactly once`);
      }
    }
    await messageRow(ana.page, `during-${tag}-2`).getByText('Sending…').waitFor({ state: 'detached' });
  });

  it('shares an image inline with the channel, and refuses a disallowed file type with a clear message', async () => {
    const ana = await signUp('ana', 'Ana Files');
    const bob = await signUp('bob', 'Bob Files');
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await ana.page.locator('.main input[type="file"]').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: png });
    await bob.page.locator('.main .attachment-image img[alt="dot.png"]').waitFor();
    const loaded = await bob.page.locator('.main .attachment-image img[alt="dot.png"]').evaluate((img) => (img as HTMLImageElement).naturalWidth);
    assert.equal(loaded, 1);
    await ana.page.locator('.main input[type="file"]').setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<b>x</b>') });
    await ana.page.getByRole('alert').filter({ hasText: 'can’t be shared' }).waitFor();
  });

  it('stays signed in across a reload', async () => {
    const ana = await signUp('ana', 'Ana Reload');
    await ana.page.reload();
    await ana.page.getByRole('log', { name: 'Messages' }).waitFor();
    await ana.page.getByRole('button', { name: 'Your profile and settings' }).filter({ hasText: 'Ana Reload' }).waitFor();
  });

  it('is usable at phone width (screenshot kept in test-results/)', async () => {
    const ana = await signUp('ana', 'Ana Phone', { width: 390, height: 760 });
    await sendMessage(ana.page, 'Typed on a phone: *works*');
    await messageRow(ana.page, 'Typed on a phone').waitFor();
    const overflow = await ana.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    assert.ok(await ana.page.locator('.main .composer-input').isVisible());
    mkdirSync('test-results', { recursive: true });
    await ana.page.screenshot({ path: 'test-results/phone-chat.png' });
    await ana.page.getByRole('button', { name: 'Show channels' }).click();
    await ana.page.getByRole('link', { name: /Channel general/ }).waitFor();
    // Let the drawer finish sliding in before the picture.
    await ana.page.waitForTimeout(400);
    await ana.page.screenshot({ path: 'test-results/phone-channels.png' });
    await ana.page.keyboard.press('Escape');
  });
});
