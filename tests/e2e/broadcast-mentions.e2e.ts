import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import type { Browser } from 'playwright-core';
import { describeViolations, seriousViolations } from './support/axe-audit';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

/** The app's default (`public.broadcastMemberThreshold` is not set in the e2e settings). */
const THRESHOLD = 50;

describe('@here, @channel and @all: counted as mentions for the other person, guarded in a large channel', function () {
  this.timeout(180_000);
  let browser: Browser;
  let mongo: MongoClient;
  let ola: ChatUser;
  let ben: ChatUser;
  const channel = uniqueName('bcast');

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    mongo = new MongoClient(app.databaseUrl);
    ola = await ChatUser.open(browser, app.url, { label: 'bcast-ola' });
    ben = await ChatUser.open(browser, app.url, { label: 'bcast-ben' });
    await ben.signUp(uniqueName('ben'), 'ben-password-1', 'Ben Member');
    await ola.signUp(uniqueName('ola'), 'ola-password-1', 'Ola Owner');
    await ola.createChannel(channel, 'public');
    await ola.invite(ben.username);
    await ben.channelLink(channel).waitFor();
  });

  after(async () => {
    await browser?.close();
    await mongo?.close();
  });

  screenshotOnFailure(() => [ola, ben].filter((u) => u !== undefined));

  const title = (user: ChatUser): Promise<string> => user.page.title();

  it('@here and @channel in a small channel go out at once and count as mentions in the other’s badge and title', async () => {
    await ben.openChannel('general');
    await ola.send(`@here standup in five ${uniqueName('h')}`);
    await ben.page.getByRole('link', { name: `Channel ${channel} 1 mentions, 1 unread`, exact: true }).waitFor();
    await ola.send(`@channel the release is out ${uniqueName('c')}`);
    await ben.page.getByRole('link', { name: `Channel ${channel} 2 mentions, 2 unread`, exact: true }).waitFor();
    await ben.page.waitForFunction(() => document.title.startsWith('(2) '));
    assert.equal(await ola.page.getByRole('alertdialog').count(), 0, 'no confirmation at this size');
    await ben.openChannel(channel);
    await ben.waitForMessage('the release is out');
    // Marked as reaching the reader, as @here and a mention by name are.
    const marked: Array<[string, string]> = [
      ['the release is out', '@channel'],
      ['standup in five', '@here'],
    ];
    for (const [text, word] of marked) await ben.message(text).locator('.mention-self', { hasText: word }).waitFor();
    await ben.page.getByRole('link', { name: `Channel ${channel}`, exact: true }).waitFor();
    assert.doesNotMatch(await title(ben), /^\(/, 'read, the title count is gone');
  });

  it('past the threshold a member is told they may not and nothing is sent; the owner confirms by keyboard (axe-clean) and it reaches the other as a mention', async () => {
    // Grow the channel past the threshold with members who never connect.
    const absent = Array.from({ length: THRESHOLD }, () => randomUUID().replace(/-/g, '').slice(0, 17));
    const { databases } = await mongo.db('admin').admin().listDatabases();
    let grown = 0;
    for (const { name: db } of databases) {
      grown += (
        await mongo
          .db(db)
          .collection<{ name: string; memberIds: string[] }>('channels')
          .updateOne({ name: channel }, { $push: { memberIds: { $each: absent } } })
      ).matchedCount;
    }
    assert.equal(grown, 1);
    const members = THRESHOLD + 2;
    await ola.page.getByRole('button', { name: `Channel details, ${members} members` }).waitFor();
    await ben.page.getByRole('button', { name: `Channel details, ${members} members` }).waitFor();

    const refused = `@channel everyone look ${uniqueName('r')}`;
    await ben.send(refused);
    await ben.page
      .getByRole('alert')
      .getByText(/Only channel owners and admins can use @here, @channel or @all/)
      .waitFor();
    assert.equal(await ben.composer().inputValue(), refused, 'the draft stays to be edited');
    const violations = await seriousViolations(ben.page);
    assert.deepEqual(violations, [], describeViolations('broadcast refusal', violations));

    await ben.openChannel('general');
    const allHands = `@all all hands at three ${uniqueName('a')}`;
    await ola.send(allHands);
    const dialog = ola.page.getByRole('alertdialog', { name: 'Notify everyone?' });
    await dialog.getByText(`This will notify ${members} members. Send it anyway?`).waitFor();
    const focused = await ola.page.evaluate(() => document.activeElement?.textContent ?? null);
    assert.equal(focused, 'Send anyway', 'the confirmation takes the focus');
    const dialogViolations = await seriousViolations(ola.page);
    assert.deepEqual(dialogViolations, [], describeViolations('broadcast confirmation', dialogViolations));
    assert.equal(await ola.message(allHands).count(), 0, 'nothing sent before the confirmation');
    await ola.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await ola.waitForDelivered(allHands);
    await ben.page.getByRole('link', { name: `Channel ${channel} 1 mentions, 1 unread`, exact: true }).waitFor();
    await ben.openChannel(channel);
    await ben.waitForMessage(allHands);
    assert.equal(await ben.message(refused).count(), 0, 'the refused broadcast never went out');
    assert.equal(await ola.message(refused).count(), 0);
  });
});
