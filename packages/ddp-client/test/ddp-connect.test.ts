import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@perseid/ddp-server';
import { clientMeteorApi, DDP, getDefaultConnection, setDefaultConnection } from '../src/index';

describe('DDP.connect and the default connection (Node entry)', () => {
  let created: ReturnType<typeof getDefaultConnection> | undefined;

  afterEach(() => {
    created?.close();
    created = undefined;
    setDefaultConnection(undefined);
    delete (globalThis as { __meteor_runtime_config__?: unknown }).__meteor_runtime_config__;
  });

  it('connects to a server with the built-in ws transport and calls a method', async () => {
    const server = new Server({ log: () => {} });
    server.methods({ add: (a: number, b: number) => a + b });
    const http = createServer((_req, res) => res.end());
    const stream = server.attach(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const connection = DDP.connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
    try {
      assert.equal(await connection.callAsync('add', 2, 3), 5);
      assert.equal(connection.status().status, 'connected');
    } finally {
      connection.close();
      await server.close();
      await stream.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });

  it('creates the default connection lazily from __meteor_runtime_config__, once', () => {
    (globalThis as { __meteor_runtime_config__?: unknown }).__meteor_runtime_config__ = {
      DDP_DEFAULT_CONNECTION_URL: 'http://127.0.0.1:9',
    };
    created = getDefaultConnection();
    assert.equal(getDefaultConnection(), created);
    assert.equal(clientMeteorApi.connection, created);
    assert.equal(clientMeteorApi.status().connected, false);
  });

  it('explains a missing default URL and rejects a bad one', () => {
    assert.throws(() => getDefaultConnection(), /DDP_DEFAULT_CONNECTION_URL or ROOT_URL/);
    assert.throws(() => DDP.connect(''), TypeError);
    assert.throws(() => DDP.connect('ftp://x'), /unsupported DDP URL scheme/);
  });
});
