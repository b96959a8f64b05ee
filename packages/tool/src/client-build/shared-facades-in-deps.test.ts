import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startViteDev } from './vite-dev';

const REPO_NODE_MODULES = fileURLToPath(new URL('../../../../node_modules', import.meta.url));

describe('pre-bundled npm dependencies that use meteor/* (shared-facades-in-deps)', function () {
  this.timeout(60_000);
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("a CommonJS package's require('meteor/meteor') is bound to the page's facade, not bundled as a second runtime", async () => {
    root = mkdtempSync(join(tmpdir(), 'perseid-shared-facades-'));
    const modules = join(root, 'node_modules');
    mkdirSync(modules);
    for (const entry of readdirSync(REPO_NODE_MODULES)) symlinkSync(join(REPO_NODE_MODULES, entry), join(modules, entry));
    mkdirSync(join(modules, 'uses-meteor'));
    writeFileSync(join(modules, 'uses-meteor', 'package.json'), JSON.stringify({ name: 'uses-meteor', main: 'index.js' }));
    writeFileSync(
      join(modules, 'uses-meteor', 'index.js'),
      "const { Meteor } = require('meteor/meteor');\nmodule.exports = { sameMeteor: (m) => m === Meteor };\n",
    );
    mkdirSync(join(root, '.meteor'));
    writeFileSync(join(root, '.meteor', 'packages'), 'meteor-base\n');
    mkdirSync(join(root, 'client'));
    writeFileSync(
      join(root, 'client', 'main.js'),
      "import { Meteor } from 'meteor/meteor';\nimport { sameMeteor } from 'uses-meteor';\nconsole.log(sameMeteor(Meteor));\n",
    );
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'app', meteor: { mainModule: { client: 'client/main.js' } } }));

    const http = createServer();
    const vite = await startViteDev(root, http);
    try {
      // A module request is held until the first start has pre-bundled the dependencies.
      await new Promise<void>((resolve) =>
        vite.middleware(
          { method: 'GET', url: '/@vite/client', headers: {} } as never,
          { setHeader() {}, getHeader() {}, removeHeader() {}, writeHead() {}, write() {}, end: () => resolve(), on() {}, once() {}, emit() {} } as never,
          () => resolve(),
        ),
      );
    } finally {
      await vite.close();
    }
    const chunk = readFileSync(join(root, '.meteor', 'local', 'vite', 'deps', 'uses-meteor.js'), 'utf8');
    assert.match(chunk, /__perseidSharedModules/);
    assert.ok(chunk.length < 20_000, `the chunk carries a copy of the runtime (${chunk.length} characters)`);
  });
});
