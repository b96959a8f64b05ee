import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { GOING_AWAY } from '../src/index';
import { RawClient, startTestServer, type Frame, type TestServer } from './helpers';

/** The status of an upgrade the server refuses (the `ws` client reports it as unexpected-response). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('error', () => undefined);
  });
}

describe('graceful drain', function () {
  this.timeout(20_000);
  let t: TestServer;
  afterEach(async () => {
    await t.close();
  });

  it('refuses new sockets at once, delivers the result and updated of a method in flight, then closes with 1001', async () => {
    t = await startTestServer();
    let release: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => undefined;
    const hasStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    t.server.methods({
      slow: async () => {
        started();
        await running;
        return 'finished';
      },
    });
    const { client } = await RawClient.connect(t.url);
    client.send({ msg: 'method', id: 'm1', method: 'slow', params: [] });
    await hasStarted;

    const drained = t.server.drain(10_000);
    assert.equal(t.server.state, 'draining');
    assert.equal(await upgradeStatus(t.url), 503);
    assert.equal(client.closeCode, undefined, 'the socket stays open while its method runs');

    release();
    const { abandonedMethods } = await drained;
    assert.equal(abandonedMethods, 0);
    await client.whenClosed();
    const answers = client.frames.filter((f: Frame) => f['msg'] === 'result' || f['msg'] === 'updated');
    assert.deepEqual(answers, [
      { msg: 'result', id: 'm1', result: 'finished' },
      { msg: 'updated', methods: ['m1'] },
    ]);
    assert.equal(client.closeCode, GOING_AWAY);
    assert.equal(t.server.state, 'closed');
    assert.equal(t.server.sessions.size, 0);
  });

  it('gives up on a method that outlasts the bound and closes anyway', async () => {
    t = await startTestServer();
    t.server.methods({ never: () => new Promise(() => undefined) });
    const { client } = await RawClient.connect(t.url);
    client.send({ msg: 'method', id: 'm1', method: 'never', params: [] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { abandonedMethods } = await t.server.drain(200);
    assert.equal(abandonedMethods, 1);
    await client.whenClosed();
    assert.equal(client.closeCode, GOING_AWAY);
    assert.ok(t.logged.some((l) => l.message.includes('still running')));
  });
});
