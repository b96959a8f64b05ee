import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { describeViolations, seriousViolations } from './support/axe-audit';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

const PHONE = { width: 390, height: 844 };

/** Where the focus is (run in the page): its name, whether it shows, whether it is in the named panel. */
function focusStop(panelTitle: string): { label: string; visible: boolean; inside: boolean } {
  const el = document.activeElement as HTMLElement | null;
  if (el === null || el === document.body) return { label: 'body', visible: false, inside: false };
  const style = getComputedStyle(el);
  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const ringed = style.boxShadow !== 'none';
  const label = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? el.tagName;
  return {
    label: `${el.tagName.toLowerCase()} "${label}"`,
    visible: outlined || ringed,
    inside: el.closest(`aside[aria-label="${panelTitle}"]`) !== null,
  };
}

async function assertAccessible(user: ChatUser, where: string): Promise<void> {
  const violations = await seriousViolations(user.page);
  assert.deepEqual(violations, [], describeViolations(where, violations));
}

describe('accessibility: axe-core (WCAG 2.1 A/AA) finds nothing serious, and the keyboard reaches everything', function () {
  this.timeout(180_000);
  let browser: Browser;
  let appUrl: string;
  const people: ChatUser[] = [];
  const username = uniqueName('ada');
  const password = 'ada-password-1';

  before(async function () {
    this.timeout(300_000);
    appUrl = (await sharedApp()).url;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => people);

  it('sign-in and sign-up pages', async () => {
    const ada = await ChatUser.open(browser, appUrl, { label: 'a11y-desktop' });
    people.push(ada);
    await ada.page.getByRole('form', { name: 'Welcome back' }).waitFor();
    await assertAccessible(ada, 'sign-in page');
    await ada.page.getByRole('button', { name: 'New here? Create an account' }).click();
    await ada.page.getByRole('form', { name: 'Create your account' }).waitFor();
    await assertAccessible(ada, 'sign-up page');
  });

  it('the workspace with messages, reactions and every panel', async () => {
    const ada = people[0];
    assert.ok(ada);
    // The previous test left the sign-up form open.
    const form = ada.page.getByRole('form', { name: 'Create your account' });
    await form.getByLabel('Username').fill(username);
    await form.getByLabel('Display name').fill('Ada Lovelace');
    await form.getByLabel('Password', { exact: true }).fill(password);
    await form.getByRole('button', { name: 'Create account' }).click();
    ada.username = username;
    await ada.waitForWorkspace();
    const text = `checking contrast ${uniqueName('m')}`;
    await ada.send(text);
    await ada.waitForDelivered(text);
    await ada.react(text, '👍');
    // Pinned and saved, so their panels list something to audit and to reach.
    const row = await ada.stableMessage(text);
    await row.hover();
    await row.getByRole('button', { name: 'Pin message' }).click();
    await row.getByText('Pinned by Ada Lovelace').waitFor();
    await row.hover();
    await row.getByRole('button', { name: 'Save message' }).click();
    await row.getByRole('button', { name: 'Remove from saved', pressed: true }).waitFor();
    await assertAccessible(ada, 'workspace');

    const panels: { open: () => Promise<void>; title: string }[] = [
      { open: () => ada.page.getByRole('button', { name: /your profile and settings$/ }).click(), title: 'Your profile' },
      { open: () => ada.page.getByRole('button', { name: /^Channel details, \d+ members?$/ }).click(), title: 'Channel details' },
      { open: () => ada.page.getByRole('button', { name: 'Search messages' }).click(), title: 'Search' },
      { open: () => ada.page.getByRole('button', { name: 'Browse or create channels' }).click(), title: 'Channels' },
      { open: () => ada.page.getByRole('button', { name: 'New direct message' }).click(), title: 'New message' },
      { open: () => ada.page.getByRole('button', { name: 'Pinned messages', exact: true }).click(), title: 'Pinned messages' },
      { open: () => ada.page.getByRole('button', { name: 'Saved messages', exact: true }).click(), title: 'Saved messages' },
    ];
    for (const panel of panels) {
      await panel.open();
      await ada.page.getByRole('complementary', { name: panel.title }).waitFor();
      await assertAccessible(ada, `panel "${panel.title}"`);
      await ada.closePanel(panel.title);
    }
  });

  it('the own-profile button is named by what it shows', async () => {
    const ada = people[0];
    assert.ok(ada);
    // Speech users say what they see ("click Ada Lovelace"): the name must start with it.
    await ada.page.getByRole('button', { name: /^Ada Lovelace\b.*your profile and settings$/ }).waitFor();
  });

  it('Tab walks the workspace with a visible focus on every stop, composer included', async () => {
    const ada = people[0];
    assert.ok(ada);
    await ada.page.locator('body').click({ position: { x: 1, y: 1 } });
    const stops: { label: string; visible: boolean }[] = [];
    for (let i = 0; i < 80; i++) {
      await ada.page.keyboard.press('Tab');
      const stop = await ada.page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (el === null || el === document.body) return null;
        const style = getComputedStyle(el);
        const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        const ringed = style.boxShadow !== 'none';
        const within = el.closest('.composer-box') !== null;
        const label = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? el.tagName;
        return { label: `${el.tagName.toLowerCase()} "${label}"`, visible: outlined || ringed || within };
      });
      if (stop === null) continue;
      stops.push(stop);
      if (stop.label.includes('"Message ')) break;
    }
    assert.ok(
      stops.some((s) => s.label.startsWith('textarea "Message ')),
      `the composer is reachable by Tab; stops: ${stops.map((s) => s.label).join(', ')}`,
    );
    const hidden = stops.filter((s) => !s.visible);
    assert.deepEqual(hidden, [], 'every focused control shows where the focus is');
  });

  it('Tab reaches every control of the pinned and saved panels with a visible focus', async () => {
    const ada = people[0];
    assert.ok(ada);
    for (const title of ['Pinned messages', 'Saved messages']) {
      await ada.page.getByRole('button', { name: title, exact: true }).click();
      const panel = ada.page.getByRole('complementary', { name: title });
      await panel
        .getByRole('button', { name: /checking contrast/ })
        .first()
        .waitFor();
      // The panel's heading takes the focus on opening; Tab goes on from there.
      const controls = await panel.getByRole('button').count();
      const stops: { label: string; visible: boolean; inside: boolean }[] = [];
      for (let i = 0; i < controls; i++) {
        await ada.page.keyboard.press('Tab');
        stops.push(await ada.page.evaluate(focusStop, title));
      }
      const where = stops.map((s) => s.label).join(', ');
      assert.ok(
        stops.every((s) => s.inside),
        `${title}: Tab stays in the panel for its ${controls} controls: ${where}`,
      );
      assert.ok(
        stops.some((s) => s.label.startsWith('button "Ada Lovelace')),
        `${title}: the entry is reachable: ${where}`,
      );
      assert.ok(
        stops.some((s) => /^button "(Unpin|Remove) /.test(s.label)),
        `${title}: its action is reachable: ${where}`,
      );
      assert.deepEqual(
        stops.filter((s) => !s.visible),
        [],
        `${title}: every focused control shows where the focus is`,
      );
      await ada.closePanel(title);
    }
  });

  it('the phone layout, with the channel list open', async () => {
    const phone = await ChatUser.open(browser, appUrl, { label: 'a11y-phone', context: { viewport: PHONE, isMobile: true, hasTouch: true } });
    people.push(phone);
    await phone.signIn(username, password);
    await assertAccessible(phone, 'phone workspace');
    await phone.page.getByRole('button', { name: 'Show channels' }).tap();
    await phone.channelLink('general').waitFor();
    await assertAccessible(phone, 'phone channel list');
  });
});
