import assert from 'node:assert/strict';
import { describeCompatApp } from './support/compat-app';

describeCompatApp({
  name: 'ts-aliases',
  shape: 'TypeScript with tsconfig "@/*" paths on both sides, "type": "module", a module using module-level this',
  minPassed: 4,
  live: 'a link one person adds through the aliased modules appears live for the other; module-level this is an object in the browser',
  async drive(a, b) {
    await a.getByText('module this: object').waitFor();
    await b.getByRole('link', { name: 'Meteor Docs' }).waitFor();
    await a.getByLabel('Title').fill('Tutorials');
    await a.getByRole('button', { name: 'Add link' }).click();
    const link = b.getByRole('link', { name: 'Tutorials' });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), 'https://example.com/Tutorials');
  },
});
