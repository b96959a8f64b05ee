import assert from 'node:assert/strict';
import { describeCompatApp } from './support/compat-app';

/** Stand-in for Google Fonts (the test machine is offline): a stylesheet that marks itself loaded. */
const FONT_CSS = 'body { --compat-font-stylesheet: loaded; }';

describeCompatApp({
  name: 'mui-router',
  shape: 'MUI (Emotion) + react-router, a Google Fonts stylesheet linked from client/main.html',
  minPassed: 2,
  live: 'the page loads the font stylesheet its HTML links (allowed by the derived CSP); a card one person adds appears live for the other, who opens it on its own route and comes back',
  async prepare(context) {
    await context.route('https://fonts.googleapis.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/css', body: FONT_CSS }));
  },
  async drive(a, b) {
    await a.getByRole('heading', { name: 'Board' }).waitFor();
    await a.waitForFunction(() => getComputedStyle(document.body).getPropertyValue('--compat-font-stylesheet').trim() === 'loaded');
    await a.getByLabel('Card title').fill('Ship it');
    await a.getByRole('button', { name: 'Add card' }).click();
    const card = b.getByRole('link', { name: 'Ship it' });
    await card.click();
    await b.getByRole('heading', { name: 'Ship it' }).waitFor();
    assert.match(new URL(b.url()).pathname, /^\/cards\/[\w-]+$/);
    await b.getByRole('link', { name: 'Back to the board' }).click();
    await b.getByRole('link', { name: 'Ship it' }).waitFor();
    assert.equal(new URL(b.url()).pathname, '/');
  },
});
