import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleBrowserTest } from './bundle-browser-test';

const REPO_NODE_MODULES = fileURLToPath(new URL('../../../../node_modules', import.meta.url));

describe("bundleBrowserTest (meteor test's client bundle) on Meteor module shapes", function () {
  this.timeout(30_000);
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('module-level this in an app module is an object, as under Meteor (esbuild would make it undefined)', async () => {
    root = mkdtempSync(join(tmpdir(), 'perseid-bundle-test-'));
    symlinkSync(REPO_NODE_MODULES, join(root, 'node_modules'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'app', type: 'module' }));
    writeFileSync(join(root, 'legacy.ts'), 'this.legacy = true;\nexport const self: unknown = this;\n');
    const files = await bundleBrowserTest({ root, testFiles: [join(root, 'legacy.ts')] });
    const entry = Buffer.from(files.get('/entry.js') ?? new Uint8Array()).toString('utf8');
    assert.match(entry, /_\$t_\.legacy = true/);
    assert.doesNotMatch(entry, /self = void 0/);
  });
});
