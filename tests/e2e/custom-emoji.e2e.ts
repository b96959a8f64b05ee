import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import type { Browser } from 'playwright-core';
import { describeViolations, seriousViolations } from './support/axe-audit';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('custom emoji: an admin adds one, members react and write with it, live', function () {
  this.timeout(180_000);
  let browser: Browser;
  let mongo: MongoClient;
  let ada: ChatUser;
  let bob: ChatUser;
  const channel = uniqueName('custom');
  const name = uniqueName('parrot');

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    ada = await ChatUser.open(browser, app.url, { label: 'custom-ada' });
    bob = await ChatUser.open(browser, app.url, { label: 'custom-bob' });
    await ada.signUp(uniqueName('ada'), 'ada-password-1', 'Ada Admin');
    await bob.signUp(uniqueName('bob'), 'bob-password-1', 'Bob Member');
    // The workspace's first user is its admin; this run's app is shared, so Ada is made one.
    mongo = new MongoClient(app.databaseUrl);
    const { databases } = await mongo.db('admin').admin().listDatabases();
    let promoted = 0;
    for (const { name: db } of databases) {
      promoted += (
        await mongo
          .db(db)
          .collection('users')
          .updateOne({ username: ada.username }, { $set: { roles: ['admin'] } })
      ).matchedCount;
    }
    assert.equal(promoted, 1);
    await ada.createChannel(channel, 'public');
    await ada.invite(bob.username);
    await bob.openChannel(channel);
  });

  after(async () => {
    await browser?.close();
    await mongo?.close();
  });

  screenshotOnFailure(() => [ada, bob].filter((u) => u !== undefined));

  it('added in the admin’s profile panel, it shows in the picker, as a reaction and in text; removed, it turns back to text', async () => {
    await ada.page.getByRole('button', { name: /your profile and settings/ }).click();
    const section = ada.page.getByRole('region', { name: 'Custom emoji' });
    await section.getByRole('textbox', { name: /^Name/ }).fill(name);
    await section.getByLabel('Image').setInputFiles({ name: 'parrot.png', mimeType: 'image/png', buffer: PNG });
    await section.getByRole('button', { name: 'Add emoji' }).click();
    await section.getByText(`:${name}:`).waitFor();
    const violations = await seriousViolations(ada.page);
    assert.deepEqual(violations, [], describeViolations('custom emoji section', violations));

    const text = `look :${name}: here ${uniqueName('t')}`;
    await ada.send(text);
    const message = await bob.waitForMessage(text.slice(-10));
    await message.getByRole('img', { name: `:${name}:` }).waitFor();

    await message.hover();
    await message.getByRole('button', { name: 'Add reaction' }).click();
    const dialog = bob.page.getByRole('dialog', { name: 'Add reaction' });
    await dialog.getByRole('group', { name: 'Custom' }).getByRole('button', { name }).click();
    const reaction = message.getByRole('button', { name: new RegExp(`^:${name}: 1, by Bob Member`) });
    await reaction.waitFor();
    await reaction.locator('img').waitFor();

    await ada.page.getByRole('button', { name: `Remove :${name}:` }).click();
    await message.getByText(`look :${name}: here`).waitFor();
    assert.equal(await message.getByRole('img', { name: `:${name}:` }).count(), 0);
  });
});
