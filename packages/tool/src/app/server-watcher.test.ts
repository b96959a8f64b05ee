import assert from 'node:assert/strict';
import { join } from 'node:path';
import { needsServerRestart, restartDecision } from './server-watcher';

const root = '/app';
const loaded = new Set([join(root, 'server/main.ts'), join(root, 'imports/api/messages/methods.ts'), join(root, 'packages/mongo/src/index.ts')]);

describe('restartDecision', () => {
  it('restarts for a file the running server loaded, handing over to the standby', () => {
    assert.deepEqual(restartDecision(['imports/api/messages/methods.ts'], root, loaded), {
      restart: true,
      reuseStandby: true,
      because: ['imports/api/messages/methods.ts'],
    });
  });

  it('ignores files the server never loaded (client-only modules, tests)', () => {
    assert.equal(restartDecision(['imports/ui/App.tsx', 'imports/api/messages/methods.test.ts', 'imports/lib/unused.ts'], root, loaded).restart, false);
  });

  it('names only the relevant files when a batch mixes both', () => {
    assert.deepEqual(restartDecision(['imports/lib/unused.ts', 'server/main.ts'], root, loaded).because, ['server/main.ts']);
  });

  it('retires the standby for runtime package, .meteor/packages, package.json, settings and tool changes', () => {
    assert.equal(restartDecision(['packages/mongo/src/index.ts'], root, loaded).reuseStandby, false);
    for (const path of ['.meteor/packages', 'package.json', 'settings.json', 'packages/tool/src/server/boot-server.ts']) {
      const d = restartDecision([path], root, loaded, ['settings.json']);
      assert.deepEqual([d.restart, d.reuseStandby], [true, false], path);
    }
  });

  it('falls back to path rules when the loaded files are unknown (e.g. after a crash)', () => {
    assert.equal(restartDecision(['imports/lib/unused.ts'], root, undefined).restart, true);
    assert.equal(restartDecision(['imports/ui/App.tsx'], root, undefined).restart, false);
  });
});

describe('needsServerRestart (path rules)', () => {
  it('covers server code and config, not client code, tests or dependencies', () => {
    for (const p of ['server/main.ts', 'imports/api/x.ts', 'packages/ejson/src/ejson.ts', '.meteor/packages', 'package.json'])
      assert.equal(needsServerRestart(p), true, p);
    for (const p of [
      'client/main.tsx',
      'imports/ui/App.tsx',
      'imports/api/x.test.ts',
      'packages/ejson/test/a.ts',
      'node_modules/x/index.js',
      '.meteor/local/db/journal',
      'README.md',
    ])
      assert.equal(needsServerRestart(p), false, p);
  });
});
