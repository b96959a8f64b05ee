import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

/** A 1×1 PNG: small enough to inline, real enough that the browser decodes it. */
const ONE_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Picks a file through the composer's "Attach a file" button, as a person would. */
async function attach(user: ChatUser, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const chooser = user.page.waitForEvent('filechooser');
  await user.page.getByRole('button', { name: 'Attach a file' }).click();
  await (await chooser).setFiles(file);
}

describe('sharing files in a channel (two browser contexts)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let ida: ChatUser;
  let jon: ChatUser;

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    browser = await launchChromium();
    ida = await ChatUser.open(browser, app.url, { label: 'ida' });
    await ida.signUp(uniqueName('ida'), 'ida-password-1', 'Ida Images');
    jon = await ChatUser.open(browser, app.url, { label: 'jon' });
    await jon.signUp(uniqueName('jon'), 'jon-password-1', 'Jon Viewer');
    await ida.openChannel('general');
    await jon.openChannel('general');
  });

  after(async () => {
    await browser?.close();
  });

  screenshotOnFailure(() => [ida, jon].filter((u) => u !== undefined));

  it('an attached image appears inline for the other person, and actually loads', async () => {
    const name = `${uniqueName('dot')}.png`;
    await attach(ida, { name, mimeType: 'image/png', buffer: ONE_PIXEL_PNG });
    const image = jon.messageList().getByRole('img', { name });
    await image.waitFor();
    await jon.page.waitForFunction((alt) => {
      const img = document.querySelector<HTMLImageElement>(`img[alt="${alt}"]`);
      return img?.complete;
    }, name);
    assert.equal(await image.evaluate((img) => (img as HTMLImageElement).naturalWidth), 1);
    await ida.messageList().getByRole('img', { name }).waitFor();
  });

  it('a disallowed file type is refused with a clear message and nothing is posted', async () => {
    const name = `${uniqueName('page')}.html`;
    await attach(ida, { name, mimeType: 'text/html', buffer: Buffer.from('<b>x</b>') });
    const alert = ida.page.getByRole('alert').filter({ hasText: 'can’t be shared' });
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /text\/html/);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await alert.waitFor({ state: 'detached' });
    assert.equal(await ida.message(name).count(), 0);
    assert.equal(await jon.message(name).count(), 0);
  });

  it('an avatar picture the server refuses shows the server’s reason in the profile panel', async () => {
    await ida.page.getByRole('button', { name: /your profile and settings$/ }).click();
    const chooser = ida.page.waitForEvent('filechooser');
    await ida.page.getByText('Upload a picture').click();
    // Past the size cap: refused by its declared length before the body is read (413 files.too-large).
    await (await chooser).setFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) });
    await ida.page.getByRole('alert').filter({ hasText: 'Files can be at most 10 MB' }).waitFor();
  });
});
