/**
 * Connection churn over real sockets: one client address may hold a bounded number of
 * WebSockets and open a bounded number per second; past either, the upgrade is answered 429
 * with Retry-After before any session exists, while other addresses are served as before.
 */
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { WebSocket } from 'ws';
import type { AttachOptions, ServerOptions } from '../src/index';
import { ManualTimers, msg, RawClient, startTestServer, type TestServer } from './helpers';

interface UpgradeOutcome {
  status: number;
  retryAfter: string | undefined;
  ws: WebSocket | undefined;
}

/** One upgrade attempt as a client sees it: 101 (the socket, left open) or the refusal's status. */
function tryUpgrade(url: string, forwardedFor?: string): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.once('open', () => resolve({ status: 101, retryAfter: undefined, ws }));
    ws.once('unexpected-response', (_request, response) => {
      const retryAfter = response.headers['retry-after'];
      resolve({ status: response.statusCode ?? 0, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined, ws: undefined });
      response.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

async function closeAll(outcomes: UpgradeOutcome[]): Promise<void> {
  await Promise.all(
    outcomes.map(({ ws }) =>
      ws === undefined || ws.readyState === WebSocket.CLOSED
        ? undefined
        : new Promise<void>((resolve) => {
            ws.once('close', () => resolve());
            ws.terminate();
          }),
    ),
  );
}

describe('connection limits per client address', function () {
  this.timeout(20_000);
  let t: TestServer | undefined;
  const held: UpgradeOutcome[] = [];

  async function start(options: ServerOptions = {}, attach: AttachOptions = {}): Promise<TestServer> {
    t = await startTestServer(options, attach);
    t.server.methods({ ping: () => 'pong' });
    return t;
  }

  afterEach(async () => {
    await closeAll(held.splice(0));
    await t?.close();
    t = undefined;
  });

  it('refuses a burst of 200 upgrades from one address past the default 20 with 429, and keeps serving', async () => {
    const server = await start();
    const outcomes = await Promise.all(Array.from({ length: 200 }, () => tryUpgrade(server.url)));
    held.push(...outcomes);
    const admitted = outcomes.filter((outcome) => outcome.status === 101).length;
    const refused = outcomes.filter((outcome) => outcome.status === 429);
    assert.equal(admitted, 20);
    assert.equal(refused.length, 180);
    assert.ok(refused.every((outcome) => outcome.retryAfter !== undefined && Number(outcome.retryAfter) >= 1));
    assert.equal(server.server.sessions.size, 0, 'a refused upgrade never reaches a session');
    // An admitted socket still speaks DDP.
    const first = outcomes.find((outcome) => outcome.status === 101)?.ws;
    assert.ok(first);
    first.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
    await new Promise<void>((resolve) => first.once('message', () => resolve()));
  });

  it('holds at most maxConnectionsPerAddress open sockets per address; a closed one frees its slot', async () => {
    const server = await start({ maxConnectionsPerAddress: 3, newConnectionsPerAddress: 100 }, { httpForwardedCount: 1 });
    const mine = await Promise.all([1, 2, 3].map(() => tryUpgrade(server.url, '203.0.113.7')));
    held.push(...mine);
    assert.deepEqual(
      mine.map((outcome) => outcome.status),
      [101, 101, 101],
    );
    const fourth = await tryUpgrade(server.url, '203.0.113.7');
    assert.equal(fourth.status, 429);
    assert.equal(fourth.retryAfter, '1');
    // Another address behind the same proxy is not held back.
    const { client: other } = await RawClient.connect(server.url);
    other.send({ msg: 'method', id: '1', method: 'ping', params: [] });
    assert.equal((await other.next(msg('result')))['result'], 'pong');
    await other.drop();
    const neighbour = await tryUpgrade(server.url, '198.51.100.2');
    held.push(neighbour);
    assert.equal(neighbour.status, 101);
    await closeAll([mine[0] as UpgradeOutcome]);
    // The server sees the close a moment after the client does.
    for (let i = 0; i < 50 && server.server.admission.openFor('203.0.113.7') !== 2; i++) await new Promise((r) => setTimeout(r, 10));
    const again = await tryUpgrade(server.url, '203.0.113.7');
    held.push(again);
    assert.equal(again.status, 101);
  });

  it('counts an IPv6 client by its /64', async () => {
    const server = await start({ maxConnectionsPerAddress: 2, newConnectionsPerAddress: 100 }, { httpForwardedCount: 1 });
    const outcomes = [];
    for (const address of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:ffff::3']) outcomes.push(await tryUpgrade(server.url, address));
    held.push(...outcomes);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.status),
      [101, 101, 429],
    );
  });

  it('allows newConnectionsPerAddress new sockets per interval, refused ones included in the count', async () => {
    const timers = new ManualTimers();
    const server = await start({ timers, heartbeatInterval: 0, newConnectionsPerAddress: 3, newConnectionsIntervalMs: 1_000 });
    const burst = [];
    for (let i = 0; i < 3; i++) burst.push(await tryUpgrade(server.url));
    await closeAll(burst);
    const refused = await tryUpgrade(server.url);
    assert.equal(refused.status, 429);
    assert.equal(refused.retryAfter, '1');
    timers.advance(999);
    assert.equal((await tryUpgrade(server.url)).status, 429);
    timers.advance(1);
    const next = await tryUpgrade(server.url);
    held.push(next);
    assert.equal(next.status, 101);
  });

  it('gives back the slot of an upgrade whose handshake ws refuses', async () => {
    const server = await start({ maxConnectionsPerAddress: 1, newConnectionsPerAddress: 100 });
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = tcpConnect(server.port, '127.0.0.1', () => {
        socket.write('GET /websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n');
      });
      let text = '';
      socket.on('data', (chunk) => (text += String(chunk)));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 400/);
    for (let i = 0; i < 50 && server.server.admission.openFor('127.0.0.1') !== 0; i++) await new Promise((r) => setTimeout(r, 10));
    const next = await tryUpgrade(server.url);
    held.push(next);
    assert.equal(next.status, 101);
  });
  it('survives a client (or a balancer) that resets the socket of a refused upgrade', async () => {
    const server = await start({ maxConnectionsPerAddress: 1, newConnectionsPerAddress: 100 });
    const admitted = await tryUpgrade(server.url);
    held.push(admitted);
    assert.equal(admitted.status, 101);
    // HAProxy aborts a server connection with a TCP reset once it has the answer; the refused
    // socket then errors on the server with ECONNRESET, which must not end the process.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = tcpConnect(server.port, '127.0.0.1', () => {
        socket.write(
          'GET /websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
      });
      socket.once('data', (chunk) => {
        socket.resetAndDestroy();
        resolve(String(chunk));
      });
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 429/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await closeAll(held.splice(0));
    for (let i = 0; i < 50 && server.server.admission.openFor('127.0.0.1') !== 0; i++) await new Promise((r) => setTimeout(r, 10));
    const { client } = await RawClient.connect(server.url);
    client.send({ msg: 'method', id: '1', method: 'ping', params: [] });
    assert.equal((await client.next(msg('result')))['result'], 'pong');
    await client.drop();
  });
});
