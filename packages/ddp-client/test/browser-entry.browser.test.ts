/** The browser entry (index.browser.ts): the page's WebSocket and the default connection from __meteor_runtime_config__. */
import assert from 'node:assert/strict';
import { clientMeteorApi, getDefaultConnection, setDefaultConnection, type Fields, type Store } from '../src/index.browser';

const env = (globalThis as unknown as { __TEST_ENV__: { ddpUrl: string; httpUrl: string } }).__TEST_ENV__;

describe('ddp-client in Chromium', () => {
  before(() => {
    (globalThis as { __meteor_runtime_config__?: unknown }).__meteor_runtime_config__ = { DDP_DEFAULT_CONNECTION_URL: env.httpUrl };
  });

  after(() => {
    getDefaultConnection().close();
    setDefaultConnection(undefined);
  });

  it('creates the default connection from __meteor_runtime_config__ and round-trips EJSON', async () => {
    const at = new Date(1234);
    const result = await clientMeteorApi.callAsync('echo', { at, bytes: new Uint8Array([1, 2, 3]) });
    const value = result as { at: Date; bytes: Uint8Array };
    assert.ok(value.at instanceof Date);
    assert.equal(value.at.getTime(), 1234);
    assert.deepEqual([...value.bytes], [1, 2, 3]);
    assert.equal(clientMeteorApi.status().status, 'connected');
  });

  it('delivers published documents into a registered store before ready', async () => {
    const docs = new Map<string, Fields>();
    const store: Store = {
      beginUpdate() {},
      update(message) {
        if (message.msg === 'added') docs.set(message.id, { ...(message.fields ?? {}) });
      },
      endUpdate() {},
      saveOriginals() {},
      retrieveOriginals: () => new Map(),
      getDoc: (id) => docs.get(id),
    };
    clientMeteorApi.connection.registerStoreClient('numbers', store);
    await new Promise<void>((resolve, reject) => clientMeteorApi.subscribe('numbers', { onReady: resolve, onStop: reject }));
    assert.deepEqual([...docs.keys()].sort(), ['n0', 'n1', 'n2']);
    assert.ok(docs.get('n2')?.at instanceof Date);
  });
});
