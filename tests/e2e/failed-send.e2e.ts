import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

/** The app allows 20 sends per 10 s per person (imports/api/server/rate-limits.ts). */
const SEND_LIMIT = 20;

describe('a message the server refuses shows "failed — retry", and Retry delivers it once', function () {
  this.timeout(120_000);
  let browser: Browser;
  let rae: ChatUser;
  let sam: ChatUser;
  const channel = uniqueName('burst');

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    rae = await ChatUser.open(browser, app.url, { label: 'rae' });
    await rae.signUp(uniqueName('rae'), 'rae-password-1', 'Rae Rapid');
    sam = await ChatUser.open(browser, app.url, { label: 'sam' });
    await sam.signUp(uniqueName('sam'), 'sam-password-1', 'Sam Reader');
    await rae.createChannel(channel, 'public');
    await rae.invite(sam.username);
    await sam.openChannel(channel);
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => [rae, sam].filter((u) => u !== undefined));

  it('one send past the rate limit fails visibly with the reason, others are unaffected, Retry later delivers it', async () => {
    const tag = uniqueName('b');
    const texts = Array.from({ length: SEND_LIMIT + 1 }, (_, i) => `burst ${tag} number ${i}`);
    const composer = rae.composer();
    for (const text of texts) {
      await composer.fill(text);
      await composer.press('Enter');
    }
    const refused = rae.message(texts[SEND_LIMIT] ?? '');
    const failure = refused.getByRole('alert');
    await failure.waitFor();
    assert.match((await failure.textContent()) ?? '', /Failed.*too many requests.*Retry/s);
    for (const text of texts.slice(0, SEND_LIMIT)) await sam.waitForMessage(text);
    assert.equal(await sam.message(texts[SEND_LIMIT] ?? '').count(), 0, 'the refused message did not reach the reader');

    // Retry until the limiter's window has passed: each refusal shows the failure again.
    for (let attempt = 0; ; attempt += 1) {
      await failure.getByRole('button', { name: 'Retry' }).click();
      const outcome = await Promise.race([
        sam
          .message(texts[SEND_LIMIT] ?? '')
          .first()
          .waitFor({ timeout: 15_000 })
          .then(() => 'delivered' as const),
        failure
          .getByRole('button', { name: 'Retry' })
          .waitFor({ timeout: 15_000 })
          .then(() => 'refused' as const),
      ]);
      if (outcome === 'delivered') break;
      assert.ok(attempt < 20, 'Retry never went through');
      await rae.page.waitForTimeout(1000);
    }
    await rae.waitForDelivered(texts[SEND_LIMIT] ?? '');
    await rae
      .message(texts[SEND_LIMIT] ?? '')
      .getByRole('alert')
      .waitFor({ state: 'detached' });
    for (const user of [rae, sam]) assert.equal(await user.message(texts[SEND_LIMIT] ?? '').count(), 1, `${user.label} shows the retried message once`);
  });
});
