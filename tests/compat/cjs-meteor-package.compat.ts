import { describeCompatApp } from './support/compat-app';

describeCompatApp({
  name: 'cjs-meteor-package',
  shape: 'a CommonJS npm package that requires meteor/meteor and meteor/mongo (methods, publication, collection), and one shipping TypeScript sources',
  minPassed: 6,
  live: "the package's Meteor is the page's; a signature one person adds through the package's method appears live for the other, counted by the TypeScript package",
  async drive(a, b) {
    await a.getByText('one Meteor').waitFor();
    await b.getByRole('status').getByText('0 signatures').waitFor();
    await a.getByLabel('Your name').fill('Grace');
    await a.getByRole('button', { name: 'Sign' }).click();
    await b.getByRole('list', { name: 'Signatures' }).getByText('Grace').waitFor();
    await b.getByRole('status').getByText('1 signature').waitFor();
  },
});
