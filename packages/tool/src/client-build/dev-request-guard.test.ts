import assert from 'node:assert/strict';
import { devRequestDecision, isPrivateAppPath } from './dev-request-guard';

const ROOT = '/srv/app';
const options = {
  root: ROOT,
  depsDir: `${ROOT}/.meteor/local/vite/deps`,
  entryUrls: ['/@id/virtual:perseid/client-entry'],
  // What a client graph holds after the browser loaded the entry: client modules, a linked
  // package outside the root, a virtual module, an optimized dependency, a CSS file, and a
  // server module a client file imported by mistake.
  graph: new Set([
    '/client/main.tsx',
    '/imports/ui/hello.tsx',
    '/client/style.css',
    '/@fs/srv/packages/meteor/src/meteor.browser.ts',
    '\0virtual:perseid/client-globals',
    '/.meteor/local/vite/deps/react.js?v=1a2b3c4d',
    '/imports/api/server/publications.ts',
  ]),
};
const decide = (url: string, method = 'GET') => devRequestDecision(method, url, options);

describe('devRequestDecision (what the dev server lets Vite answer)', () => {
  it("lets Vite serve the entry, its own client modules and the client graph's modules", () => {
    for (const url of [
      '/@id/virtual:perseid/client-entry',
      '/@vite/client',
      '/@vite/env',
      '/@react-refresh',
      '/client/main.tsx',
      '/imports/ui/hello.tsx?t=1733570000000',
      '/imports/ui/hello.tsx?import',
      '/client/style.css',
      '/@fs/srv/packages/meteor/src/meteor.browser.ts',
      '/@id/__x00__virtual:perseid/client-globals',
      '/.meteor/local/vite/deps/react.js?v=1a2b3c4d',
      '/.meteor/local/vite/deps/chunk-ABCD1234.js?v=1a2b3c4d',
      '/.meteor/local/vite/deps/react.js.map',
      '/imports/ui/logo.png',
      '/client/fonts/inter.woff2',
    ])
      assert.equal(decide(url), 'vite', url);
    assert.equal(decide('/client/main.tsx', 'HEAD'), 'vite');
  });

  it('keeps what Meteor never ships to a client away from Vite', () => {
    for (const url of [
      '/.meteor/local/db/journal.wal',
      '/.meteor/packages',
      '/.meteor/local/vite/deps/_metadata.json',
      '/.meteor/local/vite/deps/package.json',
      '/.env',
      '/.env.local',
      '/.git/config',
      '/imports/.secret.ts',
      '/server/main.ts',
      '/server/main.ts?raw',
      '/server/main.ts?url',
      '/server/main.ts?import',
      '/server/main.ts?import&raw',
      '/imports/api/server/publications.ts',
      '/imports/api/server/publications.ts?raw',
      '/private/key.pem',
      '/private/logo.png',
      '/tests/settings.json',
      '/imports/api/tests/fixture.ts',
      '/settings.json',
      '/settings-production.json',
      '/config/settings.staging.json',
      '/package.json',
      '/package-lock.json',
      '/yarn.lock',
      '/pnpm-lock.yaml',
      '/node_modules/vite/package.json',
      '/node_modules/.package-lock.json',
      '/node_modules/.vite/deps/_metadata.json',
      '/@fs/srv/app/.meteor/local/db/journal.wal',
      '/@fs/srv/app/server/main.ts',
      '/@fs/etc/passwd',
      '/@fs/srv/packages/meteor/package.json',
      '/@id//srv/app/server/main.ts',
      '/@id/__x00__/srv/app/server/main.ts',
      '/__open-in-editor?file=server/main.ts',
      '/bench/RESULTS.md',
      '/README.md',
      '/imports/api/messages/methods.ts',
    ])
      assert.equal(decide(url), 'bypass', url);
  });

  it('serves a client module only with the query it was imported with (no ?raw / ?url / ?inline source dumps)', () => {
    for (const url of [
      '/client/main.tsx?raw',
      '/client/main.tsx?url',
      '/client/main.tsx?inline',
      '/client/main.tsx?worker',
      '/imports/ui/hello.tsx?raw&import',
      '/@vite/client?raw',
      '/imports/ui/logo.png?raw',
    ])
      assert.equal(decide(url), 'bypass', url);
  });

  it('judges the decoded, normalised path and refuses any spelling that is not already normal', () => {
    for (const url of [
      '/%2emeteor/local/db/journal.wal',
      '/%2Emeteor/local/db/journal.wal',
      '/.meteor%2flocal%2fdb%2fjournal.wal',
      '/%252emeteor/local/db/journal.wal',
      '//.meteor/local/db/journal.wal',
      '/./.meteor/local/db/journal.wal',
      '/client/../.meteor/local/db/journal.wal',
      '/client/%2e%2e/server/main.ts',
      '/\\.meteor\\local\\db\\journal.wal',
      '/client%5c..%5cserver%5cmain.ts',
      '/server%2fmain.ts',
      '/%73erver/main.ts',
      '/client/main.tsx%00',
      '/%E0%A4%A',
      '/client//main.tsx',
      '/client/./main.tsx',
      'client/main.tsx',
      '/imports/ui/../ui/hello.tsx',
    ])
      assert.equal(decide(url), 'bypass', url);
  });

  it('lets only GET and HEAD reach Vite', () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) assert.equal(decide('/client/main.tsx', method), 'bypass', method);
  });

  it("applies Meteor's layout rules to app files, not to npm packages' own layout", () => {
    assert.equal(isPrivateAppPath('imports/api/server/x.ts'), true);
    assert.equal(isPrivateAppPath('private/a.txt'), true);
    assert.equal(isPrivateAppPath('imports/private/a.ts'), false);
    assert.equal(isPrivateAppPath('node_modules/some-lib/server/index.js'), false);
    assert.equal(isPrivateAppPath('node_modules/some-lib/package.json'), true);
    assert.equal(isPrivateAppPath('node_modules/.bin/vite'), true);
  });
});
