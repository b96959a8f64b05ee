import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Debian's Chromium, headless, with the house flags. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface ChatUserPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly username: string;
}

/** Opens the app in a fresh context and signs a new user up through the real form. */
export async function signUpInBrowser(browser: Browser, baseUrl: string, username: string, name: string, viewport = { width: 1280, height: 800 }): Promise<ChatUserPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await gotoWhenUp(page, baseUrl);
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('log', { name: 'Messages' }).waitFor();
  return { context, page, username };
}

/**
 * Opens the app, waiting out a server restart (`meteor run` restarts on file changes, which
 * happen while other work goes on in the tree) instead of failing on the first refused connection.
 */
export async function gotoWhenUp(page: Page, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await page.goto(url);
      await page.locator('.auth, .workspace').first().waitFor({ timeout: 15_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  const box = page.locator('.main .composer-input');
  await box.fill(text);
  await box.press('Enter');
}
