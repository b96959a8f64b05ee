import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

describe('meteor-core package entries', () => {
  it('the browser and Node entries export the same names', async () => {
    const node = await import('../src/index');
    const browser = await import('../src/index.browser');
    assert.deepEqual(Object.keys(browser).sort(), Object.keys(node).sort());
  });

  it('only Node-reachable files import node:* modules', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      exports: { '.': { browser: string; default: string }; './node': string };
    };
    assert.equal(manifest.exports['.'].browser, './src/index.browser.ts');
    const browserEntry = readFileSync(new URL('../src/index.browser.ts', import.meta.url), 'utf8');
    assert.doesNotMatch(browserEntry, /install-server-backend|async-local-storage|node:/);
    const nodeEntry = readFileSync(new URL('../src/node.ts', import.meta.url), 'utf8');
    assert.match(nodeEntry, /createAsyncLocalStorageBackend/);
  });

  it('the ./node subpath gives a fresh AsyncLocalStorage backend', async () => {
    const { createAsyncLocalStorageBackend } = await import('../src/node');
    const backend = createAsyncLocalStorageBackend();
    const key = Symbol('k');
    const seen = await backend.run(new Map([[key, 1]]), async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return backend.current().get(key);
    });
    assert.equal(seen, 1);
    assert.equal(backend.current().get(key), undefined);
  });
});
