import assert from 'node:assert/strict';
import type { Browser, Locator } from 'playwright-core';
import { describeViolations, seriousViolations } from './support/axe-audit';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

describe('notification preferences: a channel set to nothing, mentions or muted raises no badge and no title count', function () {
  this.timeout(180_000);
  let browser: Browser;
  let nia: ChatUser;
  let oz: ChatUser;
  const quiet = uniqueName('quiet');
  const loud = uniqueName('loud');

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    oz = await ChatUser.open(browser, app.url, { label: 'notify-oz' });
    await oz.signUp(uniqueName('oz'), 'oz-password-1', 'Oz Quiet');
    nia = await ChatUser.open(browser, app.url, { label: 'notify-nia' });
    await nia.signUp(uniqueName('nia'), 'nia-password-1', 'Nia Noisy');
    await nia.createChannel(loud, 'public');
    await nia.invite(oz.username);
    await nia.createChannel(quiet, 'public');
    await nia.invite(oz.username);
    await oz.channelLink(quiet).waitFor();
    await oz.channelLink(loud).waitFor();
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => [nia, oz].filter((u) => u !== undefined));

  const detailsPanel = (user: ChatUser): Locator => user.page.getByRole('complementary', { name: 'Channel details' });

  /** Opens a channel and waits until it reads as read (a quick pass through leaves it unread). */
  async function openAndRead(user: ChatUser, channel: string): Promise<void> {
    await user.openChannel(channel);
    await user.page.getByRole('link', { name: new RegExp(`^Channel ${channel}(, [a-z ]+)?$`) }).waitFor();
  }

  async function openDetails(user: ChatUser, channel: string): Promise<Locator> {
    await openAndRead(user, channel);
    await user.page.getByRole('button', { name: /^Channel details, \d+ members?$/ }).click();
    return detailsPanel(user);
  }

  /** Nia writes in the quiet channel, then once in the loud one: oz's loud badge marks delivery. */
  async function niaWrites(...texts: string[]): Promise<void> {
    await nia.openChannel(quiet);
    for (const text of texts) await nia.send(text);
    await nia.openChannel(loud);
    await nia.send(`meanwhile in ${loud} ${uniqueName('m')}`);
    await nia.waitForDelivered(`meanwhile in ${loud}`);
  }

  const title = (user: ChatUser): Promise<string> => user.page.title();

  it('set to nothing: messages and mentions raise no badge and no title count; the panel passes the audit', async () => {
    const panel = await openDetails(oz, quiet);
    const nothing = panel.getByRole('radio', { name: 'Nothing' });
    await nothing.check();
    await oz.page.getByRole('link', { name: `Channel ${quiet}, notifications off`, exact: true }).waitFor();
    const violations = await seriousViolations(oz.page);
    assert.deepEqual(violations, [], describeViolations('channel details with notifications', violations));
    await oz.closePanel('Channel details');
    await oz.openChannel('general');

    await niaWrites(`plain news ${uniqueName('p')}`, `hey @${oz.username} this one names you`);
    await oz.page.getByRole('link', { name: `Channel ${loud} 1 unread`, exact: true }).waitFor();
    await oz.page.waitForFunction(() => document.title === '(1) Perseid');
    assert.equal(await oz.page.getByRole('link', { name: `Channel ${quiet}, notifications off`, exact: true }).count(), 1, 'no counts on the quiet channel');
    assert.equal(await title(oz), '(1) Perseid', 'the quiet channel adds nothing to the title');
  });

  it('back to all messages: new messages show counts in the badge and the title again', async () => {
    const panel = await openDetails(oz, quiet);
    await panel.getByRole('radio', { name: 'All messages' }).check();
    // Still in the channel: what came while it was quiet is read here, so no count is left over.
    await oz.page.getByRole('link', { name: `Channel ${quiet}`, exact: true }).waitFor();
    await oz.closePanel('Channel details');
    await oz.openChannel('general');
    await openAndRead(oz, loud);
    await oz.openChannel('general');

    await niaWrites(`plain again ${uniqueName('p')}`, `@${oz.username} are you back?`);
    await oz.page.getByRole('link', { name: `Channel ${quiet} 1 mentions, 2 unread`, exact: true }).waitFor();
    await oz.page.getByRole('link', { name: `Channel ${loud} 1 unread`, exact: true }).waitFor();
    await oz.page.waitForFunction(() => document.title === '(3) Perseid');
  });

  it('mentions only counts mentions; a mute hides even those and shows the muted icon until unmuted', async () => {
    const panel = await openDetails(oz, quiet);
    await panel.getByRole('radio', { name: 'Mentions and direct messages only' }).check();
    await openAndRead(oz, loud);
    await oz.openChannel('general');

    await niaWrites(`only plain ${uniqueName('p')}`);
    await oz.page.getByRole('link', { name: `Channel ${loud} 1 unread`, exact: true }).waitFor();
    // Unread but not counted: the name is marked, the number is not shown.
    const marked = oz.page.getByRole('link', { name: `Channel ${quiet} unread`, exact: true });
    await marked.waitFor();
    assert.equal(await marked.locator('.badge').count(), 0);
    assert.equal(await title(oz), '(1) Perseid');

    await niaWrites(`@${oz.username} a mention gets through`);
    await oz.page.getByRole('link', { name: `Channel ${quiet} 1 mentions`, exact: true }).waitFor();
    await oz.page.waitForFunction(() => document.title === '(3) Perseid');

    const again = await openDetails(oz, quiet);
    await again.getByRole('button', { name: 'Mute for 1 hour' }).click();
    await again.getByText(/^Muted until /).waitFor();
    await oz.closePanel('Channel details');
    await openAndRead(oz, loud);
    await oz.openChannel('general');
    await niaWrites(`@${oz.username} muted, so quiet`);
    await oz.page.getByRole('link', { name: `Channel ${loud} 1 unread`, exact: true }).waitFor();
    const muted = oz.page.getByRole('link', { name: `Channel ${quiet}, muted`, exact: true });
    await muted.waitFor();
    assert.equal(await muted.locator('.nav-muted svg').count(), 1, 'the muted icon shows');
    assert.equal(await title(oz), '(1) Perseid');

    const unmute = await openDetails(oz, quiet);
    await unmute.getByRole('button', { name: 'Unmute' }).click();
    await unmute.getByText('Not muted').waitFor();
  });
});
