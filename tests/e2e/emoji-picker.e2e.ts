import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { describeViolations, seriousViolations } from './support/axe-audit';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

const focusedName = (page: Page): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);

describe('emoji picker: search, keyboard, recent emoji, reactions and the composer', function () {
  this.timeout(180_000);
  let browser: Browser;
  let eve: ChatUser;
  const channel = uniqueName('emoji');

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    eve = await ChatUser.open(browser, app.url, { label: 'emoji-eve' });
    await eve.signUp(uniqueName('eve'), 'eve-password-1', 'Eve Emoji');
    await eve.createChannel(channel, 'public');
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => [eve].filter((u) => u !== undefined));

  it('finds “tada” by search and reacts with 🎉 by keyboard alone; the dialog passes the audit and gives focus back', async () => {
    const text = `we shipped it ${uniqueName('m')}`;
    await eve.send(text);
    await eve.waitForDelivered(text);
    const message = await eve.stableMessage(text);
    // Focus lands on the opener as Tab would leave it; everything after is keys only.
    await message.getByRole('button', { name: 'Add reaction' }).focus();
    await eve.page.keyboard.press('Enter');
    const dialog = eve.page.getByRole('dialog', { name: 'Add reaction' });
    await dialog.waitFor();
    assert.equal(await focusedName(eve.page), 'Search emoji');
    const violations = await seriousViolations(eve.page);
    assert.deepEqual(violations, [], describeViolations('emoji picker', violations));
    await eve.page.keyboard.type('tada');
    await dialog
      .getByRole('status')
      .getByText(/emoji found/)
      .waitFor();
    const first = dialog.getByRole('group', { name: 'Search results' }).getByRole('button').first();
    assert.equal(await first.textContent(), '🎉');
    await eve.page.keyboard.press('ArrowDown');
    assert.equal(await focusedName(eve.page), 'tada');
    await eve.page.keyboard.press('ArrowRight');
    await eve.page.keyboard.press('ArrowLeft');
    await eve.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await message.getByRole('button', { name: /^🎉 1, by Eve Emoji/ }).waitFor();
    assert.equal(await focusedName(eve.page), 'Add reaction');
  });

  it('shows 🎉 first in the Recent row afterwards, and Esc closes the picker back to its opener', async () => {
    await eve.page.keyboard.press('Enter');
    const dialog = eve.page.getByRole('dialog', { name: 'Add reaction' });
    await dialog.waitFor();
    const recent = dialog.getByRole('group', { name: 'Recent' }).getByRole('button');
    assert.equal(await recent.first().textContent(), '🎉');
    assert.equal(await recent.first().getAttribute('aria-label'), 'tada');
    await eve.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await focusedName(eve.page), 'Add reaction');
    await eve.page.reload();
    await eve.waitForWorkspace();
    await eve.openChannel(channel);
    const composerPicker = eve.page.getByRole('button', { name: 'Insert emoji' });
    await composerPicker.click();
    const again = eve.page.getByRole('dialog', { name: 'Insert emoji' });
    assert.equal(await again.getByRole('group', { name: 'Recent' }).getByRole('button').first().textContent(), '🎉', 'kept across a reload');
    await eve.page.keyboard.press('Escape');
  });

  it('inserts the picked emoji at the composer’s caret', async () => {
    const composer = eve.composer();
    await composer.click();
    await composer.fill('ship it now');
    await composer.evaluate((el) => (el as HTMLTextAreaElement).setSelectionRange(8, 8));
    await eve.page.getByRole('button', { name: 'Insert emoji' }).focus();
    await eve.page.keyboard.press('Enter');
    await eve.page.getByRole('dialog', { name: 'Insert emoji' }).waitFor();
    await eve.page.keyboard.type('rocket');
    await eve.page.keyboard.press('Enter');
    await eve.page.getByRole('dialog', { name: 'Insert emoji' }).waitFor({ state: 'detached' });
    await eve.page.waitForFunction(() => (document.activeElement as HTMLTextAreaElement | null)?.value === 'ship it 🚀now');
    await eve.page.keyboard.type(' ');
    assert.equal(await composer.inputValue(), 'ship it 🚀 now', 'the caret sits after the emoji');
  });
});
