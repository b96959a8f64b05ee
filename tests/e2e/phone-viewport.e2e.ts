import assert from 'node:assert/strict';
import type { Browser, Locator } from 'playwright-core';
import { artifactPath, screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

const PHONE = { width: 390, height: 844 };

async function withinViewport(element: Locator): Promise<boolean> {
  const box = await element.boundingBox();
  return box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= PHONE.width + 0.5 && box.y + box.height <= PHONE.height + 0.5;
}

describe('a phone-sized viewport is usable (screenshots kept in test-results/)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let phone: ChatUser;

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    phone = await ChatUser.open(browser, app.url, { label: 'phone', context: { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } });
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => (phone === undefined ? [] : [phone]));

  it('signs up, reads and sends without sideways scrolling, composer and send button on screen', async () => {
    await phone.signUp(uniqueName('pat'), 'pat-password-1', 'Pat Phone');
    const text = `sent from a phone ${uniqueName('m')}`;
    await phone.send(text);
    await phone.waitForDelivered(text);
    assert.ok(await phone.message(text).isVisible());
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    assert.ok(await withinViewport(phone.composer()), 'composer within the screen');
    assert.ok(await withinViewport(phone.page.getByRole('button', { name: 'Send message' })), 'send button within the screen');
    // The channel list is tucked away on a phone, leaving the conversation the whole width.
    assert.equal(await withinViewport(phone.channelLink('general')), false, 'channel list hidden until asked for');
    await phone.page.screenshot({ path: artifactPath('phone-conversation.png') });
  });

  it('opens the channel list from the header and switches channel with a tap', async () => {
    await phone.page.getByRole('button', { name: 'Show channels' }).tap();
    const general = phone.channelLink('general');
    await general.waitFor();
    // The list slides in (a transition): wait for it to come to rest on screen.
    await phone.page.waitForFunction(() => {
      const link = document.querySelector('a[data-channel-id="general"]');
      return link !== null && link.getBoundingClientRect().left >= 0 && link.getBoundingClientRect().right <= window.innerWidth;
    });
    assert.ok(await withinViewport(general), 'channel list slid in');
    await phone.page.screenshot({ path: artifactPath('phone-channel-list.png') });
    await general.tap();
    await phone.page.getByRole('heading', { level: 1, name: /general$/ }).waitFor();
    await phone.page.waitForFunction(() => {
      const link = document.querySelector('a[data-channel-id="general"]');
      return link !== null && link.getBoundingClientRect().right <= 0;
    });
    assert.ok(await withinViewport(phone.composer()), 'back to the conversation');
  });

  it('a search hit tapped in the full-screen search panel shows its message', async () => {
    const word = uniqueName('needle');
    await phone.send(`look for the ${word}`);
    await phone.waitForDelivered(word);
    await phone.page.getByRole('button', { name: 'Search messages' }).tap();
    const panel = phone.page.getByRole('complementary', { name: 'Search' });
    const box = panel.getByRole('searchbox', { name: 'Search messages' });
    await box.fill(word);
    await box.press('Enter');
    await panel.getByRole('button').filter({ hasText: word }).tap();
    await phone.page.waitForFunction(() => location.hash.includes('/m/'));
    await panel.waitFor({ state: 'detached' });
    const hit = phone.messageList().locator('article[aria-current="location"]').filter({ hasText: word });
    await hit.waitFor();
    assert.ok(await withinViewport(hit), 'the opened message is on screen');
  });

  it("the browser's back (the system back gesture) closes a full-screen panel and stays in the channel", async () => {
    const hash = await phone.page.evaluate(() => location.hash);
    await phone.page.getByRole('button', { name: /^Channel details/ }).tap();
    const panel = phone.page.getByRole('complementary', { name: 'Channel details' });
    await panel.waitFor();
    await phone.page.goBack();
    await panel.waitFor({ state: 'detached' });
    assert.equal(await phone.page.evaluate(() => location.hash), hash, 'still in the same channel');
    assert.ok(await withinViewport(phone.composer()));
    // Closed with its own button, the panel leaves no entry behind: back then leaves the channel view as before.
    await phone.page.getByRole('button', { name: /^Channel details/ }).tap();
    await panel.waitFor();
    await phone.page.getByRole('button', { name: 'Close channel details' }).tap();
    await panel.waitFor({ state: 'detached' });
    await phone.page.waitForFunction(() => (history.state as { perseidLayer?: unknown } | null)?.perseidLayer === undefined);
  });

  it('the on-screen keyboard does not cover the composer (the visual viewport shrinks; a stand-in plays the keyboard)', async () => {
    // Headless Chromium has no on-screen keyboard; this stand-in for window.visualViewport shrinks
    // as an iOS keyboard makes it shrink, the layout viewport staying as it was.
    const keyboardPhone = await ChatUser.open(browser, (await sharedApp()).url, {
      label: 'keyboard-phone',
      context: { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
      prepare: async (context) => {
        // A string, not a function: the test's compiler would wrap named functions in helpers the page lacks.
        await context.addInitScript({
          content: `(() => {
            let covered = 0;
            const viewport = Object.defineProperties(new EventTarget(), {
              height: { get: () => window.innerHeight - covered },
              width: { get: () => window.innerWidth },
              offsetTop: { value: 0 },
              offsetLeft: { value: 0 },
              scale: { value: 1 },
            });
            Object.defineProperty(window, 'visualViewport', { configurable: true, get: () => viewport });
            window.showKeyboard = (px) => {
              covered = px;
              viewport.dispatchEvent(new Event('resize'));
            };
          })();`,
        });
      },
    });
    try {
      await keyboardPhone.signUp(uniqueName('kim'), 'kim-password-1', 'Kim Keys');
      await keyboardPhone.composer().tap();
      await keyboardPhone.page.evaluate(() => (window as unknown as { showKeyboard(px: number): void }).showKeyboard(336));
      const visibleBottom = PHONE.height - 336;
      await keyboardPhone.page.waitForFunction((bottom) => {
        const send = document.querySelector('button[aria-label="Send message"]');
        return send !== null && send.getBoundingClientRect().bottom <= bottom;
      }, visibleBottom);
      const composer = await keyboardPhone.composer().boundingBox();
      assert.ok(composer !== null && composer.y + composer.height <= visibleBottom + 0.5, 'the composer sits above the keyboard');
      await keyboardPhone.page.screenshot({ path: artifactPath('phone-keyboard.png') });
    } finally {
      await keyboardPhone.close();
    }
  });
});
