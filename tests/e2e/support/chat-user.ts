import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { escapeRegExp } from '../../../imports/api/escape-reg-exp';

/** A DDP frame as the page's WebSocket received it (text, unparsed: the page may get anything). */
export interface ReceivedFrame {
  readonly url: string;
  readonly payload: string;
}

export interface OpenUserOptions {
  /** A label used in screenshots and error messages. */
  readonly label: string;
  readonly context?: BrowserContextOptions;
  /** Runs on the new context before the first page load (routes, init scripts). */
  readonly prepare?: (context: BrowserContext) => Promise<void>;
}

/** Generous: the dev server compiles modules on first request and the machine is shared. */
const UI_TIMEOUT_MS = 30_000;

/**
 * One person using the app: their own browser context (cookies, localStorage) and page, driven
 * through accessible roles and labels as a screen reader or keyboard user would find them.
 * Every WebSocket frame the page receives is kept, so tests can assert what never arrived.
 */
export class ChatUser {
  readonly frames: ReceivedFrame[] = [];
  username = '';

  private constructor(
    readonly label: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    page.on('websocket', (socket) => {
      socket.on('framereceived', (frame) => {
        this.frames.push({ url: socket.url(), payload: typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8') });
      });
    });
    // Deleting asks for confirmation; a user confirms.
    page.on('dialog', (dialog) => void dialog.accept());
  }

  static async open(browser: Browser, appUrl: string, options: OpenUserOptions): Promise<ChatUser> {
    const context = await browser.newContext(options.context);
    await options.prepare?.(context);
    const page = await context.newPage();
    const user = new ChatUser(options.label, context, page);
    await page.goto(appUrl);
    return user;
  }

  /** The same person in another tab: a new page of this context (same storage), at `url`. */
  async newTab(label: string, url: string = this.page.url()): Promise<ChatUser> {
    const page = await this.context.newPage();
    const tab = new ChatUser(label, this.context, page);
    tab.username = this.username;
    await page.goto(url);
    return tab;
  }

  /** The DDP frames received so far (the Vite HMR socket excluded). */
  ddpFrames(): string[] {
    return this.frames.filter((f) => new URL(f.url).pathname === '/websocket').map((f) => f.payload);
  }

  async signUp(username: string, password: string, displayName = username): Promise<void> {
    const { page } = this;
    await page.getByRole('button', { name: 'New here? Create an account' }).click();
    const form = page.getByRole('form', { name: 'Create your account' });
    await form.getByLabel('Username').fill(username);
    await form.getByLabel('Display name').fill(displayName);
    await form.getByLabel('Password', { exact: true }).fill(password);
    await form.getByRole('button', { name: 'Create account' }).click();
    this.username = username;
    await this.waitForWorkspace();
  }

  async signIn(username: string, password: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Welcome back' });
    await form.getByLabel('Username').fill(username);
    await form.getByLabel('Password', { exact: true }).fill(password);
    await form.getByRole('button', { name: 'Sign in' }).click();
    this.username = username;
    await this.waitForWorkspace();
  }

  async waitForWorkspace(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Channels and direct messages' }).waitFor();
    await this.composer().waitFor();
  }

  /**
   * The sidebar entry of a channel: its accessible name is "Channel <name>", then counts
   * (" 3 unread") or a state (", muted"); names hold neither spaces nor commas.
   */
  channelLink(name: string): Locator {
    return this.page.getByRole('link', { name: new RegExp(`^Channel ${escapeRegExp(name)}($|[ ,])`) });
  }

  directLink(displayName: string): Locator {
    return this.page.getByRole('link', { name: new RegExp(`^Direct message with ${escapeRegExp(displayName)}( \\d+ (unread|mentions)|$)`) });
  }

  async openChannel(name: string): Promise<void> {
    await this.channelLink(name).click();
    await this.page.getByRole('heading', { level: 1, name: new RegExp(`${escapeRegExp(name)}$`) }).waitFor();
  }

  async createChannel(name: string, kind: 'public' | 'private'): Promise<void> {
    const { page } = this;
    await page.getByRole('button', { name: 'Browse or create channels' }).click();
    const panel = page.getByRole('complementary', { name: 'Channels' });
    await panel.getByLabel('Name').fill(name);
    if (kind === 'private') await panel.getByRole('checkbox', { name: /Private/ }).check();
    await panel.getByRole('button', { name: 'Create channel' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`${escapeRegExp(name)}$`) }).waitFor();
    await this.closePanel('Channels');
  }

  /** Invites someone to the open channel from its details panel. */
  async invite(username: string): Promise<void> {
    const { page } = this;
    await page.getByRole('button', { name: /^Channel details, \d+ members?$/ }).click();
    const panel = page.getByRole('complementary', { name: 'Channel details' });
    const select = panel.getByLabel('Invite someone');
    const option = select.getByRole('option', { name: new RegExp(`\\(@${escapeRegExp(username)}\\)$`) });
    await option.waitFor({ state: 'attached' });
    await select.selectOption({ label: (await option.textContent()) ?? '' });
    await panel.getByRole('button', { name: 'Invite' }).click();
    // Once a member, they are no longer offered for invitation.
    await option.waitFor({ state: 'detached' });
    await this.closePanel('Channel details');
  }

  async closePanel(title: string): Promise<void> {
    await this.page.getByRole('button', { name: `Close ${title.toLowerCase()}` }).click();
  }

  composer(): Locator {
    return this.page.getByRole('textbox', { name: /^Message / });
  }

  /** Types like a person (key by key, so typing notifications fire) and presses Enter. */
  async send(text: string): Promise<void> {
    const composer = this.composer();
    await composer.click();
    await composer.pressSequentially(text);
    await composer.press('Enter');
  }

  /** The open channel's message list. */
  messageList(): Locator {
    return this.page.getByRole('log', { name: 'Messages' });
  }

  /** Messages in the open channel whose text contains `text`. */
  message(text: string): Locator {
    return this.messageList().getByRole('article').filter({ hasText: text });
  }

  async waitForMessage(text: string): Promise<Locator> {
    const message = this.message(text);
    await message.first().waitFor();
    return message;
  }

  /** Waits until the server confirmed the sender's own message (no "Sending…" left on it). */
  async waitForDelivered(text: string): Promise<void> {
    const message = await this.waitForMessage(text);
    await message.getByText('Sending…').waitFor({ state: 'detached' });
  }

  async react(text: string, emoji: string): Promise<void> {
    const message = this.message(text);
    await message.hover();
    await message.getByRole('button', { name: `React with ${emoji}` }).click();
  }

  /** The message's own element, found again by id however its text changes (e.g. while editing). */
  async stableMessage(text: string): Promise<Locator> {
    const id = await this.message(text).getAttribute('data-message-id');
    if (id === null) throw new Error(`the message "${text}" has no data-message-id`);
    return this.messageList().locator(`article[data-message-id="${id}"]`);
  }

  async edit(text: string, replacement: string): Promise<void> {
    const message = await this.stableMessage(text);
    await message.hover();
    await message.getByRole('button', { name: 'Edit message' }).click();
    const box = message.getByRole('textbox', { name: 'Edit message' });
    await box.fill(replacement);
    await box.press('Enter');
  }

  async remove(text: string): Promise<void> {
    const message = this.message(text);
    await message.hover();
    await message.getByRole('button', { name: 'Delete message' }).click();
    // The row asks inline before deleting; confirm there.
    await message.getByRole('group', { name: 'Delete message' }).getByRole('button', { name: 'Delete', exact: true }).click();
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
