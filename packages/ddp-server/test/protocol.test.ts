import assert from 'node:assert/strict';
import { ManualTimers, msg, RawClient, startTestServer, type TestServer } from './helpers';

describe('DDP protocol (raw WebSocket)', function () {
  this.timeout(20_000);
  let t: TestServer;
  const clients: RawClient[] = [];
  const open = async (url = t.url) => {
    const client = await RawClient.open(url);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await t.close();
  });

  it('sends the server_id frame, then connected with a session id', async () => {
    const client = await open();
    client.send({ msg: 'connect', version: '1', support: ['1', 'pre2', 'pre1'] });
    const connected = await client.next(msg('connected'));
    assert.deepEqual(client.frames[0], { server_id: '0' });
    assert.equal(typeof connected['session'], 'string');
    assert.equal(t.server.sessions.size, 1);
  });

  it('answers failed with the version it prefers and closes, for a worse proposal', async () => {
    const client = await open();
    client.send({ msg: 'connect', version: 'pre1', support: ['1', 'pre1'] });
    const failed = await client.next(msg('failed'));
    assert.deepEqual(failed, { msg: 'failed', version: '1' });
    await client.whenClosed();
    assert.equal(t.server.sessions.size, 0);
  });

  it('answers failed for a version it does not speak', async () => {
    const client = await open();
    client.send({ msg: 'connect', version: '2', support: ['2'] });
    assert.deepEqual(await client.next(msg('failed')), { msg: 'failed', version: '1' });
  });

  it('accepts pre2 when the client only speaks pre2', async () => {
    const client = await open();
    client.send({ msg: 'connect', version: 'pre2', support: ['pre2'] });
    await client.next(msg('connected'));
  });

  it('refuses messages before connect with "Must connect first"', async () => {
    const client = await open();
    client.send({ msg: 'sub', id: 'a', name: 'x' });
    const error = await client.next(msg('error'));
    assert.equal(error['reason'], 'Must connect first');
    assert.deepEqual(error['offendingMessage'], { msg: 'sub', id: 'a', name: 'x' });
  });

  it('answers bad frames with protocol errors and keeps serving', async () => {
    const { client } = await RawClient.connect(t.url);
    clients.push(client);
    client.send('this is not json');
    assert.deepEqual(await client.next(msg('error')), { msg: 'error', reason: 'Parse error' });
    client.send({ msg: 'teleport' });
    const unknown = await client.next(msg('error'));
    assert.match(String(unknown['reason']), /unknown msg/);
    assert.deepEqual(unknown['offendingMessage'], { msg: 'teleport' });
    client.send({ msg: 'sub', id: 1, name: 'x' });
    const malformed = await client.next(msg('error'));
    assert.match(String(malformed['reason']), /Malformed sub: sub\.id must be a string/);
    client.send({ msg: 'connect', version: '1', support: ['1'] });
    assert.equal((await client.next(msg('error')))['reason'], 'Already connected');
    client.send({ msg: 'ping', id: 'still-here' });
    assert.deepEqual(await client.next(msg('pong')), { msg: 'pong', id: 'still-here' });
  });

  it('answers frames nested 6,000 deep with an error, before and after connect, and keeps serving', async () => {
    const deep = `${'['.repeat(6_000)}${']'.repeat(6_000)}`;
    const early = await open();
    early.send(`{"msg":"sub","id":"a","name":"x","params":${deep}}`);
    assert.equal(typeof (await early.next(msg('error')))['reason'], 'string');
    const { client } = await RawClient.connect(t.url);
    clients.push(client);
    client.send(`{"msg":"method","id":"1","method":"m","params":${deep}}`);
    assert.equal(typeof (await client.next(msg('error')))['reason'], 'string');
    client.send({ msg: 'ping', id: 'still-here' });
    assert.deepEqual(await client.next(msg('pong')), { msg: 'pong', id: 'still-here' });
  });

  it('answers a binary frame with an error and keeps the session', async () => {
    const { client } = await RawClient.connect(t.url);
    clients.push(client);
    client.ws.send(Buffer.from('{"msg":"ping"}'), { binary: true });
    assert.equal((await client.next(msg('error')))['reason'], 'Bad request: DDP frames must be text');
    client.send({ msg: 'ping', id: 'after' });
    assert.deepEqual(await client.next(msg('pong')), { msg: 'pong', id: 'after' });
  });

  it('answers ping with pong, echoing the id only when given', async () => {
    const { client } = await RawClient.connect(t.url);
    clients.push(client);
    client.send({ msg: 'ping' });
    assert.deepEqual(await client.next(msg('pong')), { msg: 'pong' });
  });

  it('rejects a frame over the size limit with a clear error and close code 1009', async () => {
    await t.close();
    t = await startTestServer({ maxFrameBytes: 1024 });
    const { client } = await RawClient.connect(t.url);
    clients.push(client);
    client.send({ msg: 'method', method: 'm', id: '1', params: ['x'.repeat(1500)] });
    const error = await client.next(msg('error'));
    assert.match(String(error['reason']), /DDP frame too large: \d+ bytes exceeds the limit of 1024/);
    await client.whenClosed();
    assert.equal(client.closeCode, 1009);
  });

  it('closes a session whose client floods it behind a running handler', async () => {
    await t.close();
    t = await startTestServer({ maxInboundQueue: 5 });
    let release: () => void = () => {};
    t.server.methods({ hold: () => new Promise<void>((resolve) => (release = resolve)), quick: () => 1 });
    const { client } = await RawClient.connect(t.url);
    clients.push(client);
    client.send({ msg: 'method', id: 'h', method: 'hold', params: [] });
    for (let i = 0; i < 6; i += 1) client.send({ msg: 'method', id: `q${i}`, method: 'quick', params: [] });
    assert.equal((await client.next(msg('error')))['reason'], 'Too many messages waiting: session closed');
    await client.whenClosed();
    assert.equal(t.server.sessions.size, 0);
    release();
  });

  it('rejects a cross-site Origin with 403 and accepts its own origin and the allow-list', async () => {
    await t.close();
    t = await startTestServer({}, { rootUrl: 'https://chat.example.com', allowedOrigins: ['https://partner.example.org'] });
    await assert.rejects(RawClient.open(t.url, { origin: 'https://evil.example.net' }), /403/);
    for (const origin of ['https://chat.example.com', 'https://partner.example.org', `http://127.0.0.1:${t.port}`]) {
      clients.push(await RawClient.open(t.url, { origin }));
    }
  });

  it('speaks permessage-deflate when compression is enabled (no shared raw frames then)', async () => {
    await t.close();
    t = await startTestServer({}, { compression: true });
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(t.url, { perMessageDeflate: true });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    assert.match(ws.extensions, /permessage-deflate/);
    const frames: Array<Record<string, unknown>> = [];
    const connected = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as Record<string, unknown>;
        frames.push(frame);
        if (frame['msg'] === 'pong') resolve();
      }),
    );
    ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
    ws.send(JSON.stringify({ msg: 'ping', id: 'z'.repeat(2000) }));
    await connected;
    assert.deepEqual(
      frames.map((frame) => frame['msg'] ?? 'server_id'),
      ['server_id', 'connected', 'pong'],
    );
    ws.close();
    await new Promise((resolve) => ws.once('close', resolve));
  });

  it('leaves other paths to the app', async () => {
    await assert.rejects(RawClient.open(t.url.replace('/websocket', '/elsewhere')));
  });
});

describe('DDP heartbeats', function () {
  this.timeout(20_000);
  it('pings an idle client, and detaches it when nothing answers before the timeout', async () => {
    const timers = new ManualTimers();
    const t = await startTestServer({ timers, heartbeatInterval: 1000, heartbeatTimeout: 500, disconnectGracePeriod: 0 });
    try {
      const { client } = await RawClient.connect(t.url);
      timers.advance(1000);
      assert.deepEqual(await client.next(msg('ping')), { msg: 'ping' });
      client.send({ msg: 'pong' });
      // The server handles frames in order: once this ping is answered, the pong was seen.
      client.send({ msg: 'ping', id: 'sync' });
      await client.next((frame) => frame['id'] === 'sync');
      timers.advance(499);
      assert.equal(client.closeCode, undefined);
      timers.advance(501);
      await client.next(msg('ping'));
      timers.advance(500);
      await client.whenClosed();
      assert.equal(t.server.sessions.size, 0);
    } finally {
      await t.close();
    }
  });

  it('sends no pings to pre1 clients', async () => {
    const timers = new ManualTimers();
    const t = await startTestServer({ timers, heartbeatInterval: 1000, heartbeatTimeout: 500 });
    try {
      const client = await RawClient.open(t.url);
      client.send({ msg: 'connect', version: 'pre1', support: ['pre1'] });
      await client.next(msg('connected'));
      assert.equal(timers.pendingCount, 0);
      await client.close();
    } finally {
      await t.close();
    }
  });
});
