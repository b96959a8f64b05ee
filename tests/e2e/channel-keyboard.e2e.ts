import type { Browser } from 'playwright-core';
import { screenshotOnFailure } from './support/artifacts';
import { escapeRegExp } from '../../imports/api/escape-reg-exp';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

describe('moving between channels from the keyboard', function () {
  this.timeout(120_000);
  let browser: Browser;
  let kim: ChatUser;
  let lou: ChatUser;
  const quiet = uniqueName('quiet');

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    kim = await ChatUser.open(browser, app.url, { label: 'kim' });
    await kim.signUp(uniqueName('kim'), 'kim-password-1', 'Kim Keys');
    lou = await ChatUser.open(browser, app.url, { label: 'lou' });
    await lou.signUp(uniqueName('lou'), 'lou-password-1', 'Lou Loud');
    // Kim's channel list is then #general and her own #quiet…, and she sits in the latter.
    await kim.createChannel(quiet, 'public');
    await lou.openChannel('general');
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => [kim, lou].filter((u) => u !== undefined));

  const heading = (user: ChatUser, name: string) => user.page.getByRole('heading', { level: 1, name: new RegExp(`${escapeRegExp(name)}$`) });

  it('Alt+↑ from the composer opens the other channel and reading it clears its badge; Alt+↓ goes back', async () => {
    await heading(kim, quiet).waitFor();
    await lou.send(`news for everyone ${uniqueName('m')}`);
    await lou.waitForDelivered('news for everyone');
    await kim.page.getByRole('link', { name: /^Channel general \d+ unread/ }).waitFor();

    await kim.composer().press('Alt+ArrowUp');
    await heading(kim, 'general').waitFor();
    await kim.waitForMessage('news for everyone');
    await kim.page.getByRole('link', { name: 'Channel general', exact: true }).waitFor();

    await kim.page.keyboard.press('Alt+ArrowDown');
    await heading(kim, quiet).waitFor();
  });
});
