import { describeCompatApp } from './support/compat-app';

describeCompatApp({
  name: 'autopublish-insecure',
  shape: 'autopublish + insecure: client-side writes with no methods, publications or allow rules',
  minPassed: 2,
  live: 'an item one person inserts from the client appears for the other without a subscription; the other ticks it off and removes it',
  async drive(a, b) {
    await a.getByLabel('Item', { exact: true }).fill('Apples');
    await a.getByRole('button', { name: 'Add item' }).click();
    const itemB = b.getByRole('list', { name: 'Items' }).getByText('Apples', { exact: true });
    await itemB.waitFor();
    await b.getByRole('checkbox').first().click();
    await a.waitForFunction(() => document.querySelector<HTMLInputElement>('ul[aria-label="Items"] input[type=checkbox]')?.checked === true);
    await b.getByRole('button', { name: 'Remove Apples' }).click();
    await a.getByRole('list', { name: 'Items' }).getByText('Apples', { exact: true }).waitFor({ state: 'detached' });
  },
});
