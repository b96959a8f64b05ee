import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { probeSubscriptions } from './support/raw-ddp-probe';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

/** Frames are checked as the page's sockets received them: the DOM alone could hide a leak. */
describe('a private channel reaches its members only (DDP frames checked, not just the DOM)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let olga: ChatUser;
  let mia: ChatUser;
  let otto: ChatUser;
  const channel = uniqueName('secret');
  const secret = uniqueName('tangerine');
  let channelId = '';
  let messageId = '';

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    // Otto's page records every frame from its first load on.
    otto = await ChatUser.open(browser, app.url, { label: 'otto' });
    await otto.signUp(uniqueName('otto'), 'otto-password-1', 'Otto Outsider');
    mia = await ChatUser.open(browser, app.url, { label: 'mia' });
    await mia.signUp(uniqueName('mia'), 'mia-password-1', 'Mia Member');
    olga = await ChatUser.open(browser, app.url, { label: 'olga' });
    await olga.signUp(uniqueName('olga'), 'olga-password-1', 'Olga Owner');

    await olga.createChannel(channel, 'private');
    channelId = (await olga.channelLink(channel).getAttribute('data-channel-id')) ?? '';
    assert.notEqual(channelId, '');
    await olga.invite(mia.username);
    await olga.send(`the launch code is ${secret}`);
    await olga.waitForDelivered(secret);
    messageId = (await olga.message(secret).getAttribute('data-message-id')) ?? '';
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => [olga, mia, otto].filter((u) => u !== undefined));

  it('an invited member sees the channel and its messages live (the frames do carry them)', async () => {
    await mia.openChannel(channel);
    await mia.waitForMessage(secret);
    assert.ok(
      mia.ddpFrames().some((f) => f.includes(secret)),
      "the member's socket received the message",
    );
  });

  it('a non-member sees neither the channel nor its messages, and no frame carries them', async () => {
    assert.equal(await otto.channelLink(channel).count(), 0);
    await otto.page.getByRole('button', { name: 'Browse or create channels' }).click();
    const directory = otto.page.getByRole('complementary', { name: 'Channels' });
    await directory.getByRole('searchbox', { name: 'Search channels' }).fill('secret');
    await directory.getByText('No channels match.').waitFor();
    await otto.closePanel('Channels');
    // A later public message proves the socket was live and delivering throughout.
    const marker = uniqueName('public');
    await olga.openChannel('general');
    await olga.send(`back in general ${marker}`);
    await otto.waitForMessage(marker);
    const frames = otto.ddpFrames();
    assert.ok(frames.some((f) => f.includes(marker)));
    for (const leak of [secret, channel, channelId]) {
      assert.equal(frames.filter((f) => f.includes(leak)).length, 0, `a frame to the non-member carried ${leak}`);
    }
  });

  it('subscribing directly from the console (own login, raw DDP) is refused or empty for a non-member', async () => {
    const subs = [
      { name: 'messages.channel', params: [{ channelId, limit: 50 }] },
      { name: 'messages.thread', params: [{ channelId, threadId: messageId }] },
      { name: 'typing', params: [{ channelId }] },
    ];
    const outsider = await probeSubscriptions(otto.page, subs);
    assert.equal(outsider.loggedIn, true, 'the probe ran as the signed-in non-member');
    assert.ok(
      outsider.outcomes.every((o) => o !== 'no answer'),
      `every subscription was answered: ${outsider.outcomes.join(', ')}`,
    );
    assert.equal(outsider.frames.filter((f) => f.includes(secret)).length, 0, 'a raw subscription leaked the message');
    // The same probe from a member does receive it, so the probe itself is sound.
    const member = await probeSubscriptions(mia.page, subs);
    assert.ok(member.frames.some((f) => f.includes(secret)));
  });

  it('a member removed by the owner loses the channel live and receives nothing posted after', async () => {
    await mia.openChannel(channel);
    await mia.waitForMessage(secret);
    await olga.openChannel(channel);
    await olga.page.getByRole('button', { name: /^Channel details, \d+ members$/ }).click();
    const details = olga.page.getByRole('complementary', { name: 'Channel details' });
    await details.getByRole('listitem').filter({ hasText: 'Mia Member' }).getByRole('button', { name: 'Remove' }).click();
    await details.getByRole('listitem').filter({ hasText: 'Mia Member' }).waitFor({ state: 'detached' });
    await olga.closePanel('Channel details');

    await mia.channelLink(channel).waitFor({ state: 'detached' });
    await mia.page.getByText(secret).waitFor({ state: 'detached' });
    const framesBefore = mia.ddpFrames().length;
    const after = uniqueName('after');
    await olga.send(`posted after the removal ${after}`);
    await olga.waitForDelivered(after);
    // Something public afterwards, so "nothing arrived" is not just "not yet".
    const marker = uniqueName('public');
    await olga.openChannel('general');
    await olga.send(`general again ${marker}`);
    await mia.openChannel('general');
    await mia.waitForMessage(marker);
    assert.equal(
      mia
        .ddpFrames()
        .slice(framesBefore)
        .filter((f) => f.includes(after)).length,
      0,
    );
  });
});
