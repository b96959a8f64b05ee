import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { describeViolations, seriousViolations } from './support/axe-audit';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

describe('pinned messages: pinned by one member, in every member’s pinned panel live', function () {
  this.timeout(180_000);
  let browser: Browser;
  let pia: ChatUser;
  let rex: ChatUser;
  const channel = uniqueName('pins');

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    pia = await ChatUser.open(browser, app.url, { label: 'pins-pia' });
    rex = await ChatUser.open(browser, app.url, { label: 'pins-rex' });
    await rex.signUp(uniqueName('rex'), 'rex-password-1', 'Rex Reader');
    await pia.signUp(uniqueName('pia'), 'pia-password-1', 'Pia Pinner');
    await pia.createChannel(channel, 'public');
    await pia.invite(rex.username);
    await rex.openChannel(channel);
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => [pia, rex].filter((u) => u !== undefined));

  const pinnedPanel = (user: ChatUser) => user.page.getByRole('complementary', { name: 'Pinned messages' });

  it('a pin shows on the message and in the other member’s open pinned panel, and opens the message', async () => {
    const keep = `keep this: the deploy runbook ${uniqueName('k')}`;
    await pia.send(keep);
    await pia.send('and some chatter after it');
    await pia.waitForDelivered('and some chatter after it');
    await rex.page.getByRole('button', { name: 'Pinned messages', exact: true }).click();
    await pinnedPanel(rex).getByText('Nothing pinned yet').waitFor();
    const message = await pia.stableMessage(keep);
    await message.hover();
    await message.getByRole('button', { name: 'Pin message' }).click();
    await message.getByText('Pinned by Pia Pinner').waitFor();
    const pin = pinnedPanel(rex).getByRole('button', { name: new RegExp(`^Pia Pinner .*${keep}`) });
    await pin.waitFor();
    assert.match((await pin.textContent()) ?? '', /pinned by Pia Pinner/);
    const violations = await seriousViolations(rex.page);
    assert.deepEqual(violations, [], describeViolations('pinned panel', violations));
    await pin.click();
    await rex.page.waitForFunction(() => location.hash.includes('/m/'));
    await rex.page.locator('article[aria-current="location"]').getByText(keep).waitFor();
  });

  it('unpinning from the panel withdraws it from everyone’s panel live', async () => {
    await pia.page.getByRole('button', { name: 'Pinned messages', exact: true }).click();
    const unpin = pinnedPanel(pia).getByRole('button', { name: /^Unpin “keep this/ });
    await unpin.click();
    await pinnedPanel(pia).getByText('Nothing pinned yet').waitFor();
    await rex.page.getByRole('button', { name: 'Pinned messages', exact: true }).click();
    await pinnedPanel(rex).getByText('Nothing pinned yet').waitFor();
    assert.equal(
      await pia
        .messageList()
        .getByText(/Pinned by/)
        .count(),
      0,
      'the mark left the message too',
    );
  });
});
