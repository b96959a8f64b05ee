import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { describeViolations, seriousViolations } from './support/axe-audit';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

describe('quick switcher (Ctrl+K): channels, conversations and people by fuzzy name, keyboard only', function () {
  this.timeout(180_000);
  let browser: Browser;
  let kim: ChatUser;
  let lou: ChatUser;
  const channel = uniqueName('design-reviews');
  const louName = `Lou ${uniqueName('Quartermaine')}`;

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    kim = await ChatUser.open(browser, app.url, { label: 'switcher-kim' });
    lou = await ChatUser.open(browser, app.url, { label: 'switcher-lou' });
    await lou.signUp(uniqueName('lou'), 'lou-password-1', louName);
    await kim.signUp(uniqueName('kim'), 'kim-password-1', 'Kim Switcher');
    await kim.createChannel(channel, 'public');
    await kim.openChannel('general');
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => [kim, lou].filter((u) => u !== undefined));

  const switcher = () => kim.page.getByRole('dialog', { name: 'Jump to a conversation' });
  const input = () => switcher().getByRole('combobox', { name: 'Jump to a channel, conversation or person' });

  it('opens a channel from scattered letters of its name with Enter', async () => {
    await kim.composer().click();
    await kim.page.keyboard.press('Control+k');
    await input().waitFor();
    assert.equal(await input().evaluate((el) => el === document.activeElement), true, 'the input has the focus');
    const violations = await seriousViolations(kim.page);
    assert.deepEqual(violations, [], describeViolations('quick switcher', violations));
    await kim.page.keyboard.type('dsgnrvw');
    const first = switcher().getByRole('option').first();
    assert.match((await first.textContent()) ?? '', new RegExp(`#${channel}`));
    assert.equal(await first.getAttribute('aria-selected'), 'true');
    await kim.page.keyboard.press('Enter');
    await switcher().waitFor({ state: 'detached' });
    await kim.page.getByRole('heading', { level: 1, name: new RegExp(`${channel}$`) }).waitFor();
  });

  it('finds a person by their display name and opens (creating) the conversation with them', async () => {
    await kim.page.keyboard.press('Control+k');
    await input().waitFor();
    const surname = louName.split(' ')[1] ?? '';
    await kim.page.keyboard.type(surname.slice(0, 6));
    await switcher()
      .getByRole('option', { name: new RegExp(louName) })
      .waitFor();
    // Arrow keys move the choice; the active option is the one Enter opens.
    const options = switcher().getByRole('option');
    const index = (await options.allTextContents()).findIndex((text) => text.includes(louName));
    for (let i = 0; i < index; i++) await kim.page.keyboard.press('ArrowDown');
    assert.equal(await options.nth(index).getAttribute('aria-selected'), 'true');
    await kim.page.keyboard.press('Enter');
    await kim.page.getByRole('heading', { level: 1, name: louName }).waitFor();
    assert.equal(await kim.directLink(louName).count(), 1, 'the conversation is in the sidebar');
  });

  it('Esc closes it without closing the open side panel, and focus goes back where it was', async () => {
    await kim.page.getByRole('button', { name: 'Search messages' }).click();
    await kim.page.getByRole('complementary', { name: 'Search' }).waitFor();
    const search = kim.page.getByRole('searchbox', { name: 'Search messages' });
    await search.focus();
    await kim.page.keyboard.press('Control+k');
    await input().waitFor();
    await kim.page.keyboard.type('zzzzqqq');
    await switcher().getByText('Nothing matches').waitFor();
    await kim.page.keyboard.press('Escape');
    await switcher().waitFor({ state: 'detached' });
    assert.equal(await kim.page.getByRole('complementary', { name: 'Search' }).count(), 1, 'the search panel stays');
    assert.equal(await search.evaluate((el) => el === document.activeElement), true, 'focus is back in the search box');
  });
});
