import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAppConfig } from './app-config';
import { isLoadedTestFile, selectTestModules } from './test-files';

type Row = readonly [path: string, unitServer: boolean, unitClient: boolean, fullAppServer: boolean, fullAppClient: boolean];

// path → loaded in: test mode (server, client), --full-app mode (server, client)
const TABLE: readonly Row[] = [
  ['imports/api/messages/methods.test.ts', true, true, false, false],
  ['imports/api/messages/methods.tests.ts', true, true, false, false],
  ['imports/api/messages/methods.spec.js', true, true, false, false],
  ['imports/api/messages/methods.specs.tsx', true, true, false, false],
  ['imports/api/messages/methods.ts', false, false, false, false],
  ['imports/api/messages/methods.app-test.ts', false, false, true, true],
  ['imports/api/messages/methods.app-tests.js', false, false, true, true],
  ['imports/api/messages/methods.app-spec.jsx', false, false, true, true],
  ['imports/api/messages/methods.app-specs.ts', false, false, true, true],
  ['imports/api/server/publications.test.ts', true, false, false, false],
  ['server/main.test.ts', true, false, false, false],
  ['imports/ui/client/App.test.tsx', false, true, false, false],
  ['client/main.app-test.tsx', false, false, false, true],
  ['tests/main.test.ts', false, false, false, false],
  ['imports/tests/helpers.test.ts', false, false, false, false],
  ['node_modules/lib/index.test.js', false, false, false, false],
  ['public/sample.test.js', false, false, false, false],
  ['private/data.test.js', false, false, false, false],
  ['.hidden/thing.test.ts', false, false, false, false],
  ['packages/ejson/src/ejson.test.ts', false, false, false, false],
  ['imports/api/types.test.d.ts', false, false, false, false],
  ['imports/api/fixture.test.json', false, false, false, false],
  // Meteor's expression leaves the character after "test" unescaped: ".testing." matches too.
  ['imports/lib/util.testing.ts', true, true, false, false],
  ['imports/lib/contest.ts', false, false, false, false],
  ['imports/lib/latest.test-data.ts', true, true, false, false],
  // Ours: a browser test beside its component runs in the browser only.
  ['imports/ui/components/list.browser-test.tsx', false, true, false, false],
  ['imports/ui/components/list.browser-tests.ts', false, true, false, false],
  ['imports/ui/server/list.browser-test.tsx', false, false, false, false],
  ['imports/ui/components/list.browser.tsx', false, false, false, false],
];

describe("meteor test file discovery (Meteor's rules)", () => {
  for (const [path, unitServer, unitClient, fullServer, fullClient] of TABLE) {
    it(`${path}: test mode ${flags(unitServer, unitClient)}, full-app ${flags(fullServer, fullClient)}`, () => {
      assert.equal(isLoadedTestFile(path, 'unit', 'server'), unitServer, 'test mode, server');
      assert.equal(isLoadedTestFile(path, 'unit', 'client'), unitClient, 'test mode, client');
      assert.equal(isLoadedTestFile(path, 'full-app', 'server'), fullServer, 'full-app, server');
      assert.equal(isLoadedTestFile(path, 'full-app', 'client'), fullClient, 'full-app, client');
    });
  }
});

describe('selectTestModules', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'perseid-discovery-'));
    for (const file of [
      'server/main.ts',
      'client/main.tsx',
      'imports/a.test.ts',
      'imports/b.app-test.ts',
      'imports/client/c.test.ts',
      'tests/main.ts',
      'node_modules/x/y.test.js',
    ]) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), '');
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const config = parseAppConfig({ meteor: { mainModule: { client: 'client/main.tsx', server: 'server/main.ts' } } });

  it('test mode loads only the test files of each side', () => {
    assert.deepEqual(selectTestModules(root, config, 'unit', 'server'), ['imports/a.test.ts']);
    assert.deepEqual(selectTestModules(root, config, 'unit', 'client'), ['imports/a.test.ts', 'imports/client/c.test.ts']);
  });

  it('full-app mode loads the main module, then the app-test files', () => {
    assert.deepEqual(selectTestModules(root, config, 'full-app', 'server'), ['server/main.ts', 'imports/b.app-test.ts']);
    assert.deepEqual(selectTestModules(root, config, 'full-app', 'client'), ['client/main.tsx', 'imports/b.app-test.ts']);
  });

  it('meteor.testModule replaces discovery in both modes, per side or for both', () => {
    const both = parseAppConfig({ meteor: { mainModule: { server: 'server/main.ts' }, testModule: 'tests/main.ts' } });
    assert.deepEqual(selectTestModules(root, both, 'unit', 'server'), ['tests/main.ts']);
    assert.deepEqual(selectTestModules(root, both, 'unit', 'client'), ['tests/main.ts']);
    assert.deepEqual(selectTestModules(root, both, 'full-app', 'server'), ['server/main.ts', 'tests/main.ts']);
    const perSide = parseAppConfig({ meteor: { mainModule: {}, testModule: { server: './tests/server.ts' } } });
    assert.deepEqual(selectTestModules(root, perSide, 'unit', 'server'), ['tests/server.ts']);
    assert.deepEqual(selectTestModules(root, perSide, 'unit', 'client'), []);
  });
});

function flags(server: boolean, client: boolean): string {
  return server && client ? 'both sides' : server ? 'server only' : client ? 'client only' : 'not loaded';
}
