/**
 * A socket that floods frames is read no faster than its inbound limits, over real sockets:
 * reading pauses (the rest waits in the peer's TCP buffers), nothing is refused, and the frames
 * are handled once time has passed; other sockets are read as before meanwhile.
 */
import assert from 'node:assert/strict';
import { ManualTimers, msg, RawClient, startTestServer, type TestServer } from './helpers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('inbound throttle per socket', function () {
  this.timeout(20_000);
  let t: TestServer;
  const clients: RawClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.drop()));
    await t.close();
  });

  it('pauses reading a socket past its burst until the rate has repaid it; another socket is served meanwhile', async () => {
    const timers = new ManualTimers();
    t = await startTestServer({ timers, heartbeatInterval: 0, inboundMessagesPerSecond: 50, inboundBurst: 50 });
    const { client: flooder } = await RawClient.connect(t.url);
    const { client: other } = await RawClient.connect(t.url);
    clients.push(flooder, other);
    const FRAMES = 20_000;
    for (let i = 0; i < FRAMES; i++) flooder.send('{"msg":"ping"}');
    const pongs = () => flooder.frames.filter((frame) => frame['msg'] === 'pong').length;
    // The other socket's round trip proves the server has been reading since the flood was sent.
    for (let i = 0; i < 5; i++) {
      other.send({ msg: 'ping', id: `o${i}` });
      await other.next((frame) => frame['msg'] === 'pong' && frame['id'] === `o${i}`);
      await sleep(20);
    }
    const before = pongs();
    assert.ok(before >= 50, `the burst is read at once (${before})`);
    assert.ok(before < FRAMES, `reading paused after the burst (${before} of ${FRAMES} answered)`);
    // Time passing (and only that) resumes reading, until every frame is answered.
    for (let i = 0; i < 200 && pongs() < FRAMES; i++) {
      timers.advance(100_000);
      await sleep(10);
    }
    assert.equal(pongs(), FRAMES);
    // The debt of the last read is repaid, and the socket reads on as any other.
    timers.advance(100_000);
    flooder.send({ msg: 'method', id: 'm', method: 'nope', params: [] });
    await flooder.next(msg('result'));
  });

  it('reads a socket within its limits without pausing', async () => {
    const timers = new ManualTimers();
    t = await startTestServer({ timers, heartbeatInterval: 0, inboundMessagesPerSecond: 50, inboundBurst: 300 });
    const { client } = await RawClient.connect(t.url);
    clients.push(client);
    for (let i = 0; i < 299; i++) client.send({ msg: 'ping', id: String(i) });
    await client.next((frame) => frame['id'] === '298');
  });
});
