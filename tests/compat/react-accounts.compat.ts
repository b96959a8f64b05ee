import type { Page } from 'playwright-core';
import { describeCompatApp } from './support/compat-app';

async function logIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('password');
  await page.getByRole('button', { name: 'Log In' }).click();
  await page.getByRole('button', { name: 'Log Out' }).waitFor();
}

describeCompatApp({
  name: 'react-accounts',
  shape:
    'Meteor 3.4 (rspack, an rspack resolve.alias) + React + accounts-password, methods that check() nothing, no "type" in package.json, root-relative imports',
  minPassed: 3,
  live: "two people log in; a task one adds appears live for the other, and the other's check-off travels back",
  async drive(a, b) {
    await logIn(a, 'meteorite');
    await logIn(b, 'asteroid');
    await a.getByLabel('New task').fill('Buy milk');
    await a.getByRole('button', { name: 'Add Task' }).click();
    await b.getByRole('list', { name: 'Tasks' }).getByText('Buy milk').waitFor();
    // The box is controlled by the server's answer, so it turns checked once the change comes back.
    await b.getByRole('checkbox').first().click();
    await a.waitForFunction(() => document.querySelector<HTMLInputElement>('ul[aria-label="Tasks"] input[type=checkbox]')?.checked === true);
  },
});
