import { describeCompatApp } from './support/compat-app';

describeCompatApp({
  name: 'globals-only',
  shape: "classic style: the packages' globals (Meteor, Mongo, Tracker, check) with no meteor/* imports, plain DOM",
  minPassed: 4,
  live: "a thing one person adds is counted live on the other's page",
  async drive(a, b) {
    await b.getByRole('status').getByText('things: 1').waitFor();
    await a.getByRole('button', { name: 'Add a thing' }).click();
    await b.getByRole('status').getByText('things: 2').waitFor();
  },
});
