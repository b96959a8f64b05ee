import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

describe('channel directory, unread and mention badges, staying signed in', function () {
  this.timeout(120_000);
  let browser: Browser;
  let uma: ChatUser;
  let vic: ChatUser;
  const channel = uniqueName('news');

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    uma = await ChatUser.open(browser, app.url, { label: 'uma' });
    await uma.signUp(uniqueName('uma'), 'uma-password-1', 'Uma Unread');
    vic = await ChatUser.open(browser, app.url, { label: 'vic' });
    await vic.signUp(uniqueName('vic'), 'vic-password-1', 'Vic Viewer');
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => [uma, vic].filter((u) => u !== undefined));

  it('a public channel someone creates can be found in the directory and joined', async () => {
    await uma.createChannel(channel, 'public');
    await vic.page.getByRole('button', { name: 'Browse or create channels' }).click();
    const directory = vic.page.getByRole('complementary', { name: 'Channels' });
    await directory.getByRole('searchbox', { name: 'Search channels' }).fill(channel.slice(0, 8));
    await directory
      .getByRole('listitem')
      .filter({ hasText: `# ${channel}` })
      .getByRole('button', { name: 'Join' })
      .click();
    await vic.page.getByRole('heading', { level: 1, name: new RegExp(`${channel}$`) }).waitFor();
    await vic.closePanel('Channels');
    await vic.channelLink(channel).waitFor();
  });

  it('messages elsewhere raise unread and mention counts live in the channel list and the title; opening the channel clears them', async () => {
    await vic.openChannel('general');
    await uma.openChannel(channel);
    await uma.send(`first news ${uniqueName('m')}`);
    await uma.send(`hey @${vic.username} look at this`);
    await uma.waitForDelivered('look at this');
    await vic.page.getByRole('link', { name: `Channel ${channel} 1 mentions, 2 unread` }).waitFor();
    await vic.page.waitForFunction(() => document.title === '(2) Perseid');

    await vic.openChannel(channel);
    await vic.waitForMessage('look at this');
    await vic.page.getByRole('link', { name: `Channel ${channel}`, exact: true }).waitFor();
    await vic.page.waitForFunction(() => document.title === 'Perseid');
  });

  it('a reload keeps the person signed in, on the same channel', async () => {
    await vic.page.reload();
    await vic.waitForWorkspace();
    assert.equal(await vic.page.getByRole('form', { name: 'Welcome back' }).count(), 0);
    await vic.page.getByRole('heading', { level: 1, name: new RegExp(`${channel}$`) }).waitFor();
    await vic.waitForMessage('look at this');
  });
});
