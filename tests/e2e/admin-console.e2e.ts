import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import type { Browser } from 'playwright-core';
import { describeViolations, seriousViolations } from './support/axe-audit';
import { screenshotOnFailure } from './support/artifacts';
import { ChatUser } from './support/chat-user';
import { launchChromium } from './support/chromium';
import { sharedApp } from './support/shared-app';
import { uniqueName } from './support/unique-name';

describe('admin console: members, workspace settings and invite links, across two browsers', function () {
  this.timeout(240_000);
  let browser: Browser;
  let mongo: MongoClient;
  let appUrl: string;
  let ada: ChatUser;
  let bob: ChatUser;
  const others: ChatUser[] = [];
  const welcome = uniqueName('welcome');

  /** Runs `update` on the users collection of whichever database the shared app uses. */
  async function updateUsers(filter: Record<string, unknown>, update: Record<string, unknown>): Promise<number> {
    const { databases } = await mongo.db('admin').admin().listDatabases();
    let matched = 0;
    for (const { name } of databases) matched += (await mongo.db(name).collection('users').updateMany(filter, update)).matchedCount;
    return matched;
  }

  before(async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    appUrl = app.url;
    browser = await launchChromium();
    ada = await ChatUser.open(browser, app.url, { label: 'admin-ada' });
    bob = await ChatUser.open(browser, app.url, { label: 'admin-bob' });
    await ada.signUp(uniqueName('ada'), 'ada-password-1', 'Ada Admin');
    await bob.signUp(uniqueName('bob'), 'bob-password-1', 'Bob Member');
    // The workspace's first user is its admin; this run's app is shared, so Ada is made one.
    mongo = new MongoClient(app.databaseUrl);
    assert.equal(await updateUsers({ username: ada.username }, { $set: { roles: ['admin'] } }), 1);
    await ada.createChannel(welcome, 'public');
  });

  after(async () => {
    // The app is shared with other test files: sign-up open again, the default name back.
    if (mongo !== undefined) {
      const { databases } = await mongo.db('admin').admin().listDatabases();
      for (const { name } of databases) await mongo.db(name).collection('workspace').deleteMany({});
    }
    await browser?.close();
    await mongo?.close();
  });

  screenshotOnFailure(() => [ada, bob, ...others].filter((u) => u !== undefined));

  const adminPanel = (user: ChatUser) => user.page.getByRole('complementary', { name: 'Admin console' });

  async function openConsole(user: ChatUser): Promise<void> {
    // By keyboard: the sidebar button takes focus and Enter opens the panel.
    const button = user.page.getByRole('button', { name: 'Admin console' });
    await button.focus();
    await user.page.keyboard.press('Enter');
    await adminPanel(user).getByRole('heading', { name: 'Admin console' }).waitFor();
  }

  it('is offered to admins only, passes the axe audit, and a new workspace name shows everywhere at once', async () => {
    assert.equal(await bob.page.getByRole('button', { name: 'Admin console' }).count(), 0);
    await openConsole(ada);
    const panel = adminPanel(ada);
    await panel.getByRole('button', { name: `Make admin: Bob Member` }).waitFor();
    const violations = await seriousViolations(ada.page);
    assert.deepEqual(violations, [], describeViolations('admin console', violations));
    // The focused control shows a visible outline.
    await panel.getByLabel('Workspace name').focus();
    await ada.page.keyboard.press('Tab');
    const outline = await ada.page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    assert.notEqual(outline, 'none');

    const name = `Acme ${uniqueName('ws')}`;
    await panel.getByLabel('Workspace name').fill(name);
    await panel.getByRole('button', { name: 'Save name' }).click();
    await bob.page.locator('.workspace-name', { hasText: name }).waitFor();
  });

  it('makes invite-only sign-up work through a link into the default channels, counts its uses, and refuses a used-up link', async () => {
    const panel = adminPanel(ada);
    await panel.getByRole('checkbox', { name: `#${welcome}` }).check();
    await panel.getByRole('button', { name: 'Save default channels' }).click();
    await panel.getByText('Saved.').waitFor();
    await panel.getByRole('radio', { name: /^Invite only/ }).check();
    await panel.getByRole('button', { name: 'Save sign-up rule' }).click();
    await panel.getByText('Saved.').waitFor();

    await panel.getByLabel(/^Maximum sign-ups/).fill('1');
    await panel.getByRole('button', { name: 'Create invite link' }).click();
    const link = await panel.getByRole('textbox', { name: 'New invite link' }).inputValue();
    assert.match(link, /#\/invite\/[A-Za-z0-9_-]{20,}$/);
    const row = panel.locator('.invite-list > li').first();
    await row.getByText('0 of 1 uses').waitFor();

    const carol = await ChatUser.open(browser, appUrl, { label: 'admin-carol' });
    others.push(carol);
    await carol.page.getByRole('button', { name: 'New here? Create an account' }).click();
    const form = carol.page.getByRole('form', { name: 'Create your account' });
    await form.getByLabel('Username').fill(uniqueName('carol'));
    await form.getByLabel('Password', { exact: true }).fill('carol-password-1');
    await form.getByRole('button', { name: 'Create account' }).click();
    await form.getByRole('alert').filter({ hasText: 'invite-only' }).waitFor();

    await carol.page.goto(link);
    await carol.page.getByText('with an invite link').waitFor();
    const violations = await seriousViolations(carol.page);
    assert.deepEqual(violations, [], describeViolations('sign-up through an invite link', violations));
    const username = uniqueName('carol');
    await form.getByLabel('Username').fill(username);
    await form.getByLabel('Password', { exact: true }).fill('carol-password-1');
    await form.getByRole('button', { name: 'Create account' }).click();
    carol.username = username;
    await carol.waitForWorkspace();
    await carol.channelLink(welcome).waitFor();
    await row.getByText('1 of 1 uses').waitFor();
    await row.getByText('used up').waitFor();

    const dave = await ChatUser.open(browser, link, { label: 'admin-dave' });
    others.push(dave);
    const daveForm = dave.page.getByRole('form', { name: 'Create your account' });
    await daveForm.getByLabel('Username').fill(uniqueName('dave'));
    await daveForm.getByLabel('Password', { exact: true }).fill('dave-password-1');
    await daveForm.getByRole('button', { name: 'Create account' }).click();
    await daveForm.getByRole('alert').filter({ hasText: 'used as many times as it allows' }).waitFor();

    await panel.getByRole('radio', { name: /^Anyone/ }).check();
    await panel.getByRole('button', { name: 'Save sign-up rule' }).click();
    await panel.getByText('Saved.').waitFor();
  });

  it('deactivates a member: signed out at once and refused at sign-in; reactivated, they are back', async () => {
    const panel = adminPanel(ada);
    await panel.getByRole('button', { name: 'Deactivate: Bob Member' }).click();
    const confirm = panel.getByRole('group', { name: 'Deactivate: Bob Member' });
    await confirm.getByText('their messages stay').waitFor();
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    const signIn = bob.page.getByRole('form', { name: 'Welcome back' });
    await signIn.waitFor();
    await signIn.getByLabel('Username').fill(bob.username);
    await signIn.getByLabel('Password', { exact: true }).fill('bob-password-1');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await signIn.getByRole('alert').filter({ hasText: 'deactivated' }).waitFor();

    await panel.getByRole('button', { name: 'Reactivate: Bob Member' }).click();
    await bob.signIn(bob.username, 'bob-password-1');
  });

  it('a demoted admin loses the console and its data at once', async () => {
    const panel = adminPanel(ada);
    await panel.getByRole('button', { name: 'Make admin: Bob Member' }).click();
    await openConsole(bob);
    await adminPanel(bob).getByRole('button', { name: 'Remove admin: Ada Admin' }).waitFor();
    await panel.getByRole('button', { name: 'Remove admin: Bob Member' }).click();
    await adminPanel(bob).waitFor({ state: 'detached' });
    await bob.page.getByRole('button', { name: 'Admin console' }).waitFor({ state: 'detached' });
    // The members' email addresses and the invite links went with it.
    const leaked = await bob.page.evaluate(() => (document.body.textContent ?? '').includes('#/invite/'));
    assert.equal(leaked, false);
  });
});
