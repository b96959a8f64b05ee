import { describeCompatApp } from './support/compat-app';

describeCompatApp({
  name: 'own-tests',
  shape: "an app with its own tests beside its code (imports/api/*.tests.js, found by Meteor's test-file rule) that touch Mongo and Accounts on both sides",
  minPassed: 5,
  live: "a vote one person casts is counted live on the other's page, and back",
  async drive(a, b) {
    const pollA = a.getByRole('region', { name: 'Pizza for lunch?' });
    const pollB = b.getByRole('region', { name: 'Pizza for lunch?' });
    await pollB.getByRole('status').getByText('0 yes, 0 no').waitFor();
    await pollA.getByRole('button', { name: 'Yes' }).click();
    await pollB.getByRole('status').getByText('1 yes, 0 no').waitFor();
    await pollB.getByRole('button', { name: 'No' }).click();
    await pollA.getByRole('status').getByText('1 yes, 1 no').waitFor();
  },
});
