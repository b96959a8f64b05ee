import assert from 'node:assert/strict';
import { describeCompatApp } from './support/compat-app';

describeCompatApp({
  name: 'tailwind-postcss',
  shape: 'Tailwind CSS 3 through PostCSS, postcss.config.js and tailwind.config.js written with module.exports in a "type": "module" app',
  minPassed: 2,
  live: "the page is styled by the app's Tailwind config (its own brand colour); a note one person adds appears live for the other",
  async drive(a, b) {
    const heading = a.getByRole('heading', { name: 'Notes' });
    await heading.waitFor();
    // `text-brand` exists only through tailwind.config.js, run by PostCSS from postcss.config.js.
    await a.waitForFunction(() => {
      const h1 = document.querySelector('h1');
      return h1 !== null && getComputedStyle(h1).color === 'rgb(222, 79, 79)';
    });
    assert.equal(await a.getByRole('button', { name: 'Add note' }).evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(222, 79, 79)');
    await a.getByLabel('Note', { exact: true }).fill('Styled and live');
    await a.getByRole('button', { name: 'Add note' }).click();
    await b.getByRole('list', { name: 'Notes' }).getByText('Styled and live').waitFor();
  },
});
