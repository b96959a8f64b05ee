import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

describe('two people chatting live in #general (two browser contexts)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let ana: ChatUser;
  let ben: ChatUser;
  const anaName = uniqueName('ana');
  const benName = uniqueName('ben');

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    ana = await ChatUser.open(browser, app.url, { label: 'ana' });
    await ana.signUp(anaName, 'ana-password-1', `Ana ${anaName.slice(-4)}`);
    ben = await ChatUser.open(browser, app.url, { label: 'ben' });
    await ben.signUp(benName, 'ben-password-1', `Ben ${benName.slice(-4)}`);
    await ana.openChannel('general');
    await ben.openChannel('general');
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => [ana, ben].filter((u) => u !== undefined));

  it('a message one sends appears at once for the sender and live for the other', async () => {
    const text = `hello from ana ${uniqueName('m')}`;
    await ana.send(text);
    await ana.waitForMessage(text);
    await ben.waitForMessage(text);
    const reply = `hi ana, ben here ${uniqueName('m')}`;
    await ben.send(reply);
    await ana.waitForMessage(reply);
    assert.equal(await ana.message(text).count(), 1);
    assert.equal(await ben.message(reply).count(), 1);
  });

  it('typing @ and the start of a name offers that member (from the server, on demand) and inserts the username', async () => {
    const composer = ana.composer();
    await composer.click();
    await composer.pressSequentially(`ping @${benName.slice(0, -1)}`);
    const option = ana.page.getByRole('option').filter({ hasText: `@${benName}` });
    await option.waitFor();
    await composer.press('Enter');
    assert.equal(await composer.inputValue(), `ping @${benName} `);
    await composer.fill('');
  });

  it('Markdown renders as formatting for the reader, never as injected HTML', async () => {
    const marker = uniqueName('md');
    await ana.send(`**bold${marker}** and <img src=x onerror="window.__pwned=1">`);
    const seen = await ben.waitForMessage(`bold${marker}`);
    assert.equal(await seen.locator('strong', { hasText: `bold${marker}` }).count(), 1);
    assert.equal(await seen.locator('img').count(), 0);
    assert.match((await seen.textContent()) ?? '', /<img src=x/);
    assert.equal(await ben.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });

  it('a reaction shows its count and who reacted, for both', async () => {
    const text = `react to me ${uniqueName('m')}`;
    await ana.send(text);
    await ben.waitForMessage(text);
    await ben.react(text, '👍');
    const byBen = new RegExp(`^👍 1, by Ben ${benName.slice(-4)}$`);
    await ana.message(text).getByRole('button', { name: byBen }).waitFor();
    await ben.message(text).getByRole('button', { name: byBen }).waitFor();
    await ana.react(text, '👍');
    await ben
      .message(text)
      .getByRole('button', { name: /^👍 2, by / })
      .waitFor();
  });

  it('an edit reaches the other person, marked edited; a delete removes it for both', async () => {
    const original = `typo here ${uniqueName('m')}`;
    const corrected = `fixed text ${uniqueName('m')}`;
    await ana.send(original);
    await ben.waitForMessage(original);
    await ana.waitForDelivered(original);
    await ana.edit(original, corrected);
    const edited = await ben.waitForMessage(corrected);
    await edited.getByText('(edited)').waitFor();
    assert.equal(await ben.message(original).count(), 0);

    await ana.remove(corrected);
    await ben.message(corrected).waitFor({ state: 'detached' });
    await ana.message(corrected).waitFor({ state: 'detached' });
  });

  it('the other person sees "… is typing" while one writes, and it goes away once sent', async () => {
    const composer = ana.composer();
    await composer.click();
    await composer.pressSequentially('I am writing some');
    const indicator = ben.page.getByText(`Ana ${anaName.slice(-4)} is typing…`);
    await indicator.waitFor();
    await composer.pressSequentially(' words');
    await composer.press('Enter');
    await ben.waitForMessage('I am writing some words');
    await indicator.waitFor({ state: 'detached' });
  });

  it('a reply in a thread shows in the side panel and as a reply count on the parent, not in the channel', async () => {
    const parent = `thread parent ${uniqueName('m')}`;
    const reply = `thread reply ${uniqueName('m')}`;
    await ana.send(parent);
    await ana.waitForDelivered(parent);
    const parentForBen = await ben.waitForMessage(parent);
    await parentForBen.hover();
    await parentForBen.getByRole('button', { name: 'Reply in thread' }).click();
    const benThread = ben.page.getByRole('complementary', { name: 'Thread' });
    const replyBox = benThread.getByRole('textbox', { name: 'Reply…' });
    await replyBox.click();
    await replyBox.pressSequentially(reply);
    await replyBox.press('Enter');
    await benThread.getByRole('article').filter({ hasText: reply }).waitFor();
    await ben.closePanel('Thread');

    await ana.message(parent).getByRole('button', { name: '1 reply' }).click();
    const anaThread = ana.page.getByRole('complementary', { name: 'Thread' });
    await anaThread.getByRole('article').filter({ hasText: reply }).waitFor();
    assert.equal(await ana.message(reply).count(), 0, 'the reply stays out of the channel list');
    await ana.closePanel('Thread');
  });

  it("presence: the other person's direct-message entry shows them online, then offline when they leave", async () => {
    const benDisplay = `Ben ${benName.slice(-4)}`;
    await ana.page.getByRole('button', { name: /^Channel details, \d+ members$/ }).click();
    const panel = ana.page.getByRole('complementary', { name: 'Channel details' });
    await panel.getByRole('listitem').filter({ hasText: benDisplay }).getByRole('button', { name: 'Message' }).click();
    const dot = ana.page.getByRole('img', { name: `${benDisplay} is online` });
    await dot.waitFor();
    await ben.close();
    await ana.page.getByRole('img', { name: `${benDisplay} is offline` }).waitFor({ timeout: 60_000 });
  });
});
