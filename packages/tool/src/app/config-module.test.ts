import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigModule } from './config-module';

describe('loadConfigModule (config files whatever the app\'s "type")', () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'perseid-config-module-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('runs a .js config written with module.exports as CommonJS in a "type": "module" app', async () => {
    writeFileSync(
      join(root, 'postcss.config.js'),
      "const path = require('node:path');\nmodule.exports = { plugins: { here: path.basename(__dirname).length > 0 } };\n",
    );
    assert.deepEqual(await loadConfigModule(join(root, 'postcss.config.js')), { plugins: { here: true } });
  });

  it('imports an ES module config', async () => {
    writeFileSync(join(root, 'postcss.config.js'), 'export default { plugins: { esm: true } };\n');
    assert.deepEqual(await loadConfigModule(join(root, 'postcss.config.js')), { plugins: { esm: true } });
  });
});
