import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { describeViolations, seriousViolations } from './support/axe-audit';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

describe('saved messages: saved by one person, in their own saved panel only, live', function () {
  this.timeout(180_000);
  let browser: Browser;
  let sam: ChatUser;
  let tia: ChatUser;
  const channel = uniqueName('saved');

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    sam = await ChatUser.open(browser, app.url, { label: 'saved-sam' });
    tia = await ChatUser.open(browser, app.url, { label: 'saved-tia' });
    await sam.signUp(uniqueName('sam'), 'sam-password-1', 'Sam Saver');
    await tia.signUp(uniqueName('tia'), 'tia-password-1', 'Tia Talker');
    await tia.createChannel(channel, 'public');
    await tia.invite(sam.username);
    await sam.openChannel(channel);
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => [sam, tia].filter((u) => u !== undefined));

  const savedPanel = (user: ChatUser) => user.page.getByRole('complementary', { name: 'Saved messages' });
  const openSaved = (user: ChatUser) => user.page.getByRole('button', { name: 'Saved messages', exact: true }).click();

  it('saving marks the message, lists it in the saver’s open panel live (only theirs), and opens it', async () => {
    const keep = `read later: the incident notes ${uniqueName('k')}`;
    await tia.send(keep);
    await tia.send('and some chatter after it');
    await tia.waitForDelivered('and some chatter after it');
    await openSaved(sam);
    await savedPanel(sam).getByText('Nothing saved yet').waitFor();
    const message = await sam.stableMessage(keep);
    await message.hover();
    await message.getByRole('button', { name: 'Save message' }).click();
    await message.getByRole('button', { name: 'Remove from saved', pressed: true }).waitFor();
    const entry = savedPanel(sam).getByRole('button', { name: new RegExp(`^Tia Talker in #${channel} .*${keep}`) });
    await entry.waitFor();
    const violations = await seriousViolations(sam.page);
    assert.deepEqual(violations, [], describeViolations('saved panel', violations));
    // Private: the author's own saved panel stays empty.
    await openSaved(tia);
    await savedPanel(tia).getByText('Nothing saved yet').waitFor();
    await entry.click();
    await sam.page.waitForFunction(() => location.hash.includes('/m/'));
    await sam.page.locator('article[aria-current="location"]').getByText(keep).waitFor();
  });

  it('removing from the panel, by keyboard, empties it and unmarks the message live', async () => {
    await openSaved(sam);
    const remove = savedPanel(sam).getByRole('button', { name: /^Remove “read later/ });
    await remove.focus();
    await sam.page.keyboard.press('Enter');
    await savedPanel(sam).getByText('Nothing saved yet').waitFor();
    const message = await sam.stableMessage('read later: the incident notes');
    await message.hover();
    await message.getByRole('button', { name: 'Save message', pressed: false }).waitFor();
  });
});
