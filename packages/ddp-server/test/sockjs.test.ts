/**
 * DDP over SockJS (`/sockjs`, served by the `sockjs` package Meteor uses), driven by the
 * `sockjs-client` package over each transport it offers in Node, plus hostile input over SockJS
 * getting the bounds the raw `/websocket` endpoint has.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import SockJS from 'sockjs-client';
import { WebSocket } from 'ws';
import { FakeTable } from './fake-cursor';
import { startTestServer, UNTHROTTLED, type TestServer } from './helpers';
import { SOCKJS_INBOUND_QUEUE_FULL, SOCKJS_TOO_MANY_CONNECTIONS } from '../src/sockjs-endpoint';

type Frame = Record<string, unknown>;

/** A sockjs-client peer recording every DDP frame it receives. */
class SockJsPeer {
  readonly frames: Frame[] = [];
  readonly socket: SockJS;
  closed: { code: number; reason: string } | undefined;
  #waiters: Array<() => void> = [];
  #cursor = 0;
  readonly opened: Promise<void>;

  constructor(url: string, transport: string) {
    this.socket = new SockJS(url, null, { transports: [transport] });
    this.opened = new Promise((resolve) => {
      this.socket.onopen = () => resolve();
    });
    this.socket.onmessage = (event) => {
      this.frames.push(JSON.parse(event.data) as Frame);
      this.#wake();
    };
    this.socket.onclose = (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.#wake();
    };
  }

  #wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }

  send(message: Frame): void {
    this.socket.send(JSON.stringify(message));
  }

  async next(predicate: (frame: Frame) => boolean): Promise<Frame> {
    for (;;) {
      while (this.#cursor < this.frames.length) {
        const frame = this.frames[this.#cursor++] as Frame;
        if (predicate(frame)) return frame;
      }
      if (this.closed !== undefined) throw new Error(`closed ${this.closed.code} ${this.closed.reason} before the frame came`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  async untilClosed(): Promise<{ code: number; reason: string }> {
    while (this.closed === undefined) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.closed;
  }

  async close(): Promise<void> {
    if (this.closed === undefined) {
      this.socket.close();
      await this.untilClosed();
    }
  }
}

/** A SockJS WebSocket transport spoken by hand, to send frames sockjs-client never would. */
class RawSockJs {
  readonly messages: unknown[] = [];
  closeFrame: [number, string] | undefined;
  #waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('a')) this.messages.push(...(JSON.parse(text.slice(1)) as string[]).map((m) => JSON.parse(m) as unknown));
      if (text.startsWith('c')) this.closeFrame = JSON.parse(text.slice(1)) as [number, string];
      for (const wake of this.#waiters.splice(0)) wake();
    });
    ws.on('close', () => {
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  static async open(port: number): Promise<RawSockJs> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/sockjs/000/${Math.random().toString(36).slice(2)}/websocket`);
    const peer = new RawSockJs(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return peer;
  }

  /** Sends one SockJS frame: a JSON array of messages. */
  sendFrame(frameText: string): void {
    this.ws.send(frameText);
  }

  async until(done: () => boolean): Promise<void> {
    while (!done()) {
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error('socket closed first');
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

async function httpCall(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('DDP over SockJS', function () {
  this.timeout(20_000);
  let t: TestServer;
  const peers: SockJsPeer[] = [];
  const raws: RawSockJs[] = [];

  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.close();
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
    await t.close();
  });

  const open = (transport: string): SockJsPeer => {
    const peer = new SockJsPeer(`http://127.0.0.1:${t.port}/sockjs`, transport);
    peers.push(peer);
    return peer;
  };

  it('answers /sockjs/info as SockJS does, and still leaves other paths to the app', async () => {
    t = await startTestServer();
    const info = await httpCall(t.port, 'GET', '/sockjs/info');
    assert.equal(info.status, 200);
    const parsed = JSON.parse(info.body) as Record<string, unknown>;
    assert.equal(parsed['websocket'], true);
    assert.equal(typeof parsed['entropy'], 'number');
    assert.equal((await httpCall(t.port, 'GET', '/elsewhere')).status, 404);
  });

  it('keeps /sockjs requests from request listeners the app adds after attach, and gives them the rest', async () => {
    t = await startTestServer();
    const seen: string[] = [];
    t.http.on('request', (request: { url?: string }) => void seen.push(request.url ?? ''));
    assert.equal((await httpCall(t.port, 'GET', '/sockjs/info')).status, 200);
    assert.equal((await httpCall(t.port, 'GET', '/elsewhere')).status, 404);
    assert.deepEqual(seen, ['/elsewhere']);
  });

  for (const transport of ['websocket', 'xhr-streaming', 'xhr-polling']) {
    it(`connects over ${transport}, calls a method and receives a subscribed document`, async () => {
      t = await startTestServer();
      const table = new FakeTable('tasks');
      table.insert({ _id: 'a', title: 'first' });
      t.server.publish('tasks', () => table.find());
      t.server.methods({ double: (n: unknown) => (n as number) * 2 });

      const peer = open(transport);
      await peer.opened;
      assert.equal(peer.socket.transport, transport);
      assert.deepEqual(await peer.next(() => true), { server_id: '0' });
      peer.send({ msg: 'connect', version: '1', support: ['1'] });
      assert.equal((await peer.next((f) => f['msg'] === 'connected'))['msg'], 'connected');
      peer.send({ msg: 'method', id: 'm1', method: 'double', params: [21] });
      assert.deepEqual(await peer.next((f) => f['msg'] === 'result'), { msg: 'result', id: 'm1', result: 42 });
      peer.send({ msg: 'sub', id: 's1', name: 'tasks', params: [] });
      assert.deepEqual(await peer.next((f) => f['msg'] === 'added'), { msg: 'added', collection: 'tasks', id: 'a', fields: { title: 'first' } });
      assert.deepEqual(await peer.next((f) => f['msg'] === 'ready'), { msg: 'ready', subs: ['s1'] });
      assert.equal(t.server.sessions.size, 1);
    });
  }

  it("serves plain DDP frames on SockJS's raw WebSocket path /sockjs/websocket", async () => {
    t = await startTestServer();
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}/sockjs/websocket`);
    const frames: Frame[] = [];
    const connected = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        frames.push(JSON.parse(String(data)) as Frame);
        if (frames.at(-1)?.['msg'] === 'connected') resolve();
      });
    });
    await new Promise<void>((resolve) => ws.once('open', () => resolve()));
    ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
    await connected;
    assert.deepEqual(frames[0], { server_id: '0' });
    ws.terminate();
  });

  it('closes a raw /sockjs/websocket socket that never connects with an application close code, without a crash', async () => {
    t = await startTestServer({ connectTimeout: 50 });
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}/sockjs/websocket`);
    const closed = new Promise<[number, string]>((resolve) => ws.on('close', (code, reason) => resolve([code, String(reason)])));
    // 1008 "policy violation" is outside the range that transport accepts: it is sent as 4008.
    assert.deepEqual(await closed, [4008, 'No DDP connect in time']);
  });

  it('refuses a SockJS frame past the frame limit with the DDP error and closes the session', async () => {
    t = await startTestServer({ maxFrameBytes: 1024 });
    const raw = await RawSockJs.open(t.port);
    raws.push(raw);
    raw.sendFrame(JSON.stringify([JSON.stringify({ msg: 'connect', version: '1', support: ['1'], pad: 'x'.repeat(1500) })]));
    await raw.until(() => raw.closeFrame !== undefined);
    assert.ok(raw.messages.some((m) => (m as Frame)['msg'] === 'error' && String((m as Frame)['reason']).startsWith('DDP frame too large')));
    assert.equal(raw.closeFrame?.[0], 1009);
  });

  it('answers too-deep nesting and non-string SockJS messages with protocol errors, not a crash', async () => {
    t = await startTestServer();
    const raw = await RawSockJs.open(t.port);
    raws.push(raw);
    raw.sendFrame(JSON.stringify(['['.repeat(500) + ']'.repeat(500)]));
    raw.sendFrame('[{"msg":"connect","version":"1","support":["1"]}, 7]');
    await raw.until(() => raw.messages.filter((m) => (m as Frame)['msg'] === 'error').length >= 3);
    const reasons = raw.messages.filter((m) => (m as Frame)['msg'] === 'error').map((m) => String((m as Frame)['reason']));
    assert.match(reasons[0] ?? '', /deep/i);
    assert.equal(reasons[1], 'Bad request: DDP frames must be text');
    assert.equal(reasons[2], 'Bad request: DDP frames must be text');
    assert.equal(t.logged.length, 0, 'nothing reached the internal-error log');
  });

  it('refuses an xhr_send body past twice the frame limit with 413 before SockJS buffers it', async () => {
    t = await startTestServer({ maxFrameBytes: 1024 });
    const big = Buffer.from(JSON.stringify(['x'.repeat(4096)]));
    const reply = await httpCall(t.port, 'POST', '/sockjs/000/abcdef/xhr_send', { 'Content-Type': 'text/plain' }, big);
    assert.equal(reply.status, 413);
  });

  it('answers a send body SockJS cannot read with 400, never 500', async () => {
    t = await startTestServer();
    const session = '/sockjs/000/badbody';
    await httpCall(t.port, 'POST', `${session}/xhr`);
    for (const body of ['[', '{"__proto__":null}', '5']) {
      assert.equal((await httpCall(t.port, 'POST', `${session}/xhr_send`, {}, Buffer.from(body))).status, 400, body);
    }
    assert.equal(
      (await httpCall(t.port, 'POST', `${session}/jsonp_send`, { 'Content-Type': 'application/x-www-form-urlencoded' }, Buffer.from('d=%5B'))).status,
      400,
    );
  });

  it('applies the per-address connection limit to SockJS sessions', async () => {
    t = await startTestServer({ maxConnectionsPerAddress: 1 });
    const first = open('websocket');
    await first.opened;
    await first.next(() => true);
    const second = open('websocket');
    assert.deepEqual(await second.untilClosed(), { code: SOCKJS_TOO_MANY_CONNECTIONS, reason: 'Too Many Requests' });
  });

  it('paces a flood with the inbound rate limit and closes a session whose queue overflows', async () => {
    t = await startTestServer({ inboundMessagesPerSecond: 1, inboundBurst: 5 });
    const raw = await RawSockJs.open(t.port);
    raws.push(raw);
    const ping = JSON.stringify({ msg: 'ping' });
    raw.sendFrame(JSON.stringify([JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }), ...Array.from({ length: 50 }, () => ping)]));
    await raw.until(() => raw.closeFrame !== undefined);
    assert.deepEqual(raw.closeFrame, [SOCKJS_INBOUND_QUEUE_FULL, 'Too many messages waiting: session closed']);
    const pongs = raw.messages.filter((m) => (m as Frame)['msg'] === 'pong').length;
    assert.ok(pongs <= 5, `at most the burst was handled (${pongs} pongs)`);
  });

  it('ends a polling session whose client stops polling once the outbound-buffer limit is passed', async () => {
    t = await startTestServer({ maxOutboundBytes: 4096, ...UNTHROTTLED });
    const table = new FakeTable('big');
    for (let i = 0; i < 50; i++) table.insert({ _id: `d${i}`, text: 'x'.repeat(200) });
    t.server.publish('big', () => table.find());
    const base = '/sockjs/000/notpolling';
    assert.equal((await httpCall(t.port, 'POST', `${base}/xhr`)).body, 'o\n');
    const frames = [
      { msg: 'connect', version: '1', support: ['1'] },
      { msg: 'sub', id: 's', name: 'big', params: [] },
    ];
    const sent = await httpCall(
      t.port,
      'POST',
      `${base}/xhr_send`,
      { 'Content-Type': 'text/plain' },
      Buffer.from(JSON.stringify(frames.map((f) => JSON.stringify(f)))),
    );
    assert.equal(sent.status, 204);
    // The client now polls again: it gets what was held for it (bounded), then the close.
    let received = 0;
    let close: string | undefined;
    for (let poll = 0; poll < 5 && close === undefined; poll++) {
      const reply = await httpCall(t.port, 'POST', `${base}/xhr`);
      received += reply.body.length;
      if (reply.body.startsWith('c')) close = reply.body;
    }
    assert.equal(close, 'c[4000,"Client is not reading: outbound buffer limit exceeded"]\n');
    assert.ok(received < 4096 + 1024, `what was held stayed near the limit (${received} bytes)`);
  });

  it('closes a SockJS session that never sends connect, as the WebSocket endpoint does', async () => {
    t = await startTestServer({ connectTimeout: 50, ...UNTHROTTLED });
    const peer = open('websocket');
    await peer.opened;
    const closed = await peer.untilClosed();
    assert.deepEqual(closed, { code: 1008, reason: 'No DDP connect in time' });
  });

  it('refuses a foreign Origin on SockJS requests as on the WebSocket endpoint', async () => {
    t = await startTestServer();
    const reply = await httpCall(t.port, 'GET', '/sockjs/info', { Origin: 'https://evil.example' });
    assert.equal(reply.status, 403);
  });
});
