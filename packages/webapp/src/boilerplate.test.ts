import assert from 'node:assert/strict';
import { renderBoilerplate } from './boilerplate';
import { buildRuntimeConfig } from './runtime-config';

const config = buildRuntimeConfig({ rootUrl: 'http://localhost:3000', settings: {}, nodeEnv: 'production', testMode: false, clientVersion: 'v1' });
const viewports = (html: string): string[] => html.match(/<meta name="viewport"[^>]*>/g) ?? [];

describe('renderBoilerplate viewport', () => {
  it('gives a page without its own viewport the default one', () => {
    const html = renderBoilerplate({ head: '<title>x</title>', body: '', stylesheets: [], scripts: [] }, config, 'n');
    assert.deepEqual(viewports(html), ['<meta name="viewport" content="width=device-width, initial-scale=1">']);
  });

  it("keeps only the app's viewport when its head declares one (a phone app covering the notch)", () => {
    const own = '<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">';
    const html = renderBoilerplate({ head: `<title>x</title>\n${own}`, body: '', stylesheets: [], scripts: [] }, config, 'n');
    assert.deepEqual(viewports(html), [own]);
  });
});
