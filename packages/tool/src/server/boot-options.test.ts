import assert from 'node:assert/strict';
import { parseBootOptions } from './boot-options';

const valid = {
  root: '/app',
  host: '',
  port: 3000,
  rootUrl: 'http://localhost:3000',
  testMode: false,
  serverModules: ['/app/server/main.ts'],
  client: { kind: 'vite-dev' },
};

describe('parseBootOptions (PERSEID_BOOT)', () => {
  it('types a valid boot description', () => {
    assert.deepEqual(parseBootOptions(JSON.stringify(valid)), { ...valid, installGlobals: true });
    const built = parseBootOptions(
      JSON.stringify({ ...valid, client: { kind: 'built', dir: '/b/client' }, installGlobals: false, allowedOrigins: ['http://127.0.0.1:9'] }),
    );
    assert.deepEqual(built.client, { kind: 'built', dir: '/b/client' });
    assert.deepEqual(built.allowedOrigins, ['http://127.0.0.1:9']);
  });

  it('rejects a missing or malformed description with the field named', () => {
    assert.throws(() => parseBootOptions(undefined), /PERSEID_BOOT is not set/);
    assert.throws(() => parseBootOptions('[1'), SyntaxError);
    assert.throws(() => parseBootOptions('7'), /must be a JSON object/);
    assert.throws(() => parseBootOptions(JSON.stringify({ ...valid, port: 70000 })), /port must be a port number/);
    assert.throws(() => parseBootOptions(JSON.stringify({ ...valid, testMode: 'yes' })), /testMode/);
    assert.throws(() => parseBootOptions(JSON.stringify({ ...valid, serverModules: [1] })), /serverModules/);
    assert.throws(() => parseBootOptions(JSON.stringify({ ...valid, client: { kind: 'cdn' } })), /client.kind/);
    assert.throws(() => parseBootOptions(JSON.stringify({ ...valid, client: { kind: 'built' } })), /client.dir/);
    assert.throws(() => parseBootOptions(JSON.stringify({ ...valid, root: 5 })), /root must be a string/);
    assert.throws(() => parseBootOptions(JSON.stringify({ ...valid, allowedOrigins: 'x' })), /allowedOrigins/);
  });
});
