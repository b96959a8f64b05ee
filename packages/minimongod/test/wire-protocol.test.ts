import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Long, serialize, type Document, type Timestamp } from 'bson';
import { startMinimongod, type MinimongodHandle } from '../src/index';
import { encodeOpMsgRequest } from '../src/wire-codec';
import { RawWireClient } from './raw-wire-client';

function opQuery(requestId: number, collection: string, query: Document): Buffer {
  const name = Buffer.from(`${collection}\0`);
  const body = Buffer.from(serialize(query));
  const out = Buffer.alloc(16 + 4 + name.length + 8 + body.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(requestId, 4);
  out.writeInt32LE(2004, 12);
  name.copy(out, 20);
  out.writeInt32LE(0, 20 + name.length);
  out.writeInt32LE(-1, 24 + name.length);
  body.copy(out, 28 + name.length);
  return out;
}

function header(length: number, opCode: number, extra = 0): Buffer {
  const out = Buffer.alloc(16 + extra);
  out.writeInt32LE(length, 0);
  out.writeInt32LE(7, 4);
  out.writeInt32LE(opCode, 12);
  return out;
}

describe('minimongod wire protocol', function () {
  this.timeout(20_000);
  let server: MinimongodHandle;
  const clients: RawWireClient[] = [];
  const connect = async (): Promise<RawWireClient> => {
    const client = await RawWireClient.connect(server.port);
    clients.push(client);
    return client;
  };

  before(async () => {
    server = await startMinimongod({ quiet: true });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  after(async () => {
    await server.stop();
  });

  it('answers the OP_QUERY handshake with OP_REPLY, without topologyVersion or compression', async () => {
    const client = await connect();
    client.send(opQuery(11, 'admin.$cmd', { ismaster: 1, helloOk: true, compression: ['zlib'] }));
    const reply = await client.nextReply();
    assert.equal(reply?.opCode, 1);
    assert.equal(reply?.responseTo, 11);
    assert.equal(reply?.doc['ismaster'], true);
    assert.equal(reply?.doc['helloOk'], true);
    assert.equal(reply?.doc['topologyVersion'], undefined);
    assert.equal(reply?.doc['compression'], undefined);
    assert.equal(reply?.doc['maxWireVersion'], 21);
    assert.deepEqual(reply?.doc['hosts'], [`127.0.0.1:${server.port}`]);
  });

  it('reassembles messages split across many TCP chunks, including a partial header', async () => {
    const client = await connect();
    const docs = Array.from({ length: 2000 }, (_, i) => ({ _id: i, pad: 'p'.repeat(100) }));
    const message = encodeOpMsgRequest(31, { insert: 'chunks', $db: 'wire' }, { sequences: { documents: docs } });
    const cuts = [2, 9, 1000, 70_000, 150_000, message.length];
    let from = 0;
    for (const cut of cuts) {
      client.send(message.subarray(from, Math.min(cut, message.length)));
      from = Math.min(cut, message.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const reply = await client.nextReply();
    assert.equal(reply?.responseTo, 31);
    assert.equal(reply?.doc['n'], 2000);
  });

  it('merges kind-1 document sequences into the command', async () => {
    const client = await connect();
    client.send(encodeOpMsgRequest(1, { insert: 'seq', $db: 'wire' }, { sequences: { documents: [{ _id: 1 }, { _id: 2 }, { _id: 3 }] } }));
    assert.equal((await client.nextReply())?.doc['n'], 3);
    client.send(encodeOpMsgRequest(2, { count: 'seq', $db: 'wire' }));
    assert.equal((await client.nextReply())?.doc['n'], 3);
  });

  it('never replies to moreToCome, so the next reply belongs to the next request', async () => {
    const client = await connect();
    client.send(encodeOpMsgRequest(21, { insert: 'w0', documents: [{ a: 1 }], $db: 'wire' }, { moreToCome: true }));
    client.send(encodeOpMsgRequest(22, { endSessions: [], $db: 'admin' }, { moreToCome: true }));
    client.send(encodeOpMsgRequest(23, { count: 'w0', $db: 'wire' }));
    const reply = await client.nextReply();
    assert.equal(reply?.responseTo, 23);
    assert.equal(reply?.doc['n'], 1);
    assert.equal(client.pendingReplies, 0);
  });

  it('puts operationTime and a Timestamp $clusterTime on every reply', async () => {
    const client = await connect();
    client.send(encodeOpMsgRequest(1, { ping: 1, $db: 'admin' }));
    const reply = await client.nextReply();
    assert.equal(reply?.doc['operationTime']?._bsontype, 'Timestamp');
    assert.equal(reply?.doc['$clusterTime']?.clusterTime?._bsontype, 'Timestamp');
  });

  it('stamps a journaled write with its own time, not with writes that committed during its journal wait', async () => {
    // The runtime's write fence waits until its change stream on the written collection has
    // passed the reply's operationTime: a time that took in another collection's write made it
    // wait for that stream's next getMore to time out.
    const dbPath = fs.mkdtempSync(path.join(os.tmpdir(), 'minimongod-optime-'));
    const journaled = await startMinimongod({ quiet: true, dbPath });
    try {
      const a = await RawWireClient.connect(journaled.port);
      const b = await RawWireClient.connect(journaled.port);
      clients.push(a, b);
      for (let i = 0; i < 5; i++) {
        a.send(encodeOpMsgRequest(1, { insert: 'first', documents: [{ n: i }], $db: 'optime' }));
        b.send(encodeOpMsgRequest(2, { insert: 'second', documents: [{ n: i }], $db: 'optime' }));
        const [first, second] = [await a.nextReply(), await b.nextReply()];
        const timeOf = (reply: typeof first): bigint => {
          const time = reply?.doc['operationTime'] as Timestamp | undefined;
          assert.ok(time !== undefined, 'every reply carries an operationTime');
          return time.toBigInt();
        };
        assert.ok(timeOf(first) < timeOf(second), `write ${i}: ${timeOf(first)} is not before ${timeOf(second)}`);
      }
    } finally {
      await journaled.stop();
      fs.rmSync(dbPath, { recursive: true, force: true });
    }
  });

  it('blocks a change-stream getMore until an event arrives', async () => {
    const a = await connect();
    const b = await connect();
    a.send(encodeOpMsgRequest(1, { aggregate: 'live', pipeline: [{ $changeStream: {} }], cursor: {}, $db: 'wire' }));
    const opened = await a.nextReply();
    const cursor = opened?.doc['cursor'] as Document;
    assert.ok(cursor['postBatchResumeToken'], 'even the empty first batch has a resume token');
    a.send(encodeOpMsgRequest(2, { getMore: cursor['id'], collection: 'live', maxTimeMS: 600_000, $db: 'wire' }));
    b.send(encodeOpMsgRequest(3, { insert: 'live', documents: [{ _id: 'x' }], $db: 'wire' }));
    assert.equal((await b.nextReply())?.doc['n'], 1);
    const batch = (await a.nextReply())?.doc['cursor'] as Document;
    assert.equal((batch['nextBatch'] as Document[])[0]?.['operationType'], 'insert');
  });

  it('answers a getMore that finds events waiting at once, with all of them in one batch', async () => {
    // A watcher whose getMore was in flight while writes committed must get every waiting event
    // in the next reply: one event per round trip would fall further behind with each write.
    const a = await connect();
    const b = await connect();
    a.send(encodeOpMsgRequest(1, { aggregate: 'waiting', pipeline: [{ $changeStream: {} }], cursor: {}, $db: 'wire' }));
    const id = ((await a.nextReply())?.doc['cursor'] as Document | undefined)?.['id'] as Long;
    const writes = 50;
    for (let i = 0; i < writes; i += 1) {
      b.send(encodeOpMsgRequest(10 + i, { insert: 'waiting', documents: [{ _id: i }], $db: 'wire' }));
      assert.equal((await b.nextReply())?.doc['n'], 1);
    }
    // Ten minutes of await time: a getMore that parked despite waiting events would time out.
    a.send(encodeOpMsgRequest(2, { getMore: id, collection: 'waiting', maxTimeMS: 600_000, $db: 'wire' }));
    const batch = ((await a.nextReply())?.doc['cursor'] as Document | undefined)?.['nextBatch'] as Document[];
    assert.deepEqual(
      batch.map((event) => (event['documentKey'] as Document)['_id']),
      Array.from({ length: writes }, (_, i) => i),
    );
  });

  it('wakes a parked getMore when its cursor is killed from another connection', async () => {
    const a = await connect();
    const b = await connect();
    a.send(encodeOpMsgRequest(1, { aggregate: 'parked', pipeline: [{ $changeStream: {} }], cursor: {}, $db: 'wire' }));
    const id = ((await a.nextReply())?.doc['cursor'] as Document | undefined)?.['id'] as Long;
    a.send(encodeOpMsgRequest(2, { getMore: id, collection: 'parked', maxTimeMS: 600_000, $db: 'wire' }));
    // Wait until the server reports the getMore as parked, so the kill cannot overtake it.
    for (let parked = 0; parked < 1; ) {
      b.send(encodeOpMsgRequest(9, { serverStatus: 1, $db: 'admin' }));
      parked = Number((((await b.nextReply())?.doc['metrics'] as Document | undefined)?.['cursor'] as Document | undefined)?.['awaitingGetMore']);
    }
    // The getMore is parked for ten minutes unless killCursors wakes it (mocha would time out).
    b.send(encodeOpMsgRequest(3, { killCursors: 'parked', cursors: [id, Long.fromNumber(424242)], $db: 'wire' }));
    const killed = (await b.nextReply())?.doc;
    assert.equal((killed?.['cursorsKilled'] as Long[] | undefined)?.length, 1);
    assert.equal((killed?.['cursorsNotFound'] as Long[] | undefined)?.length, 1);
    const woken = (await a.nextReply())?.doc['cursor'] as Document;
    assert.equal(Number(woken['id']), 0);
    b.send(encodeOpMsgRequest(4, { getMore: id, collection: 'parked', $db: 'wire' }));
    assert.equal((await b.nextReply())?.doc['code'], 43);
  });

  it('answers a malformed OP_MSG body with an error and keeps the connection', async () => {
    const client = await connect();
    const bad = encodeOpMsgRequest(5, { ping: 1, $db: 'admin' });
    bad.writeInt32LE(9999, 21); // the BSON length now lies
    client.send(bad);
    const reply = await client.nextReply();
    assert.equal(reply?.responseTo, 5);
    assert.equal(reply?.doc['ok'], 0);
    assert.equal(reply?.doc['code'], 9);
    client.send(encodeOpMsgRequest(6, { ping: 1, $db: 'admin' }));
    assert.equal((await client.nextReply())?.doc['ok'], 1);
  });

  it('closes only the offending connection on unknown opcodes and lying or oversized lengths', async () => {
    const healthy = await connect();
    const cases = [header(16, 9999), header(8, 2013), header(60_000_000, 2013), header(-5, 2013)];
    for (const bytes of cases) {
      const client = await connect();
      client.send(bytes);
      await client.whenClosed();
    }
    healthy.send(encodeOpMsgRequest(1, { ping: 1, $db: 'admin' }));
    assert.equal((await healthy.nextReply())?.doc['ok'], 1);
  });

  it('rejects OP_COMPRESSED, checksummed garbage and empty commands cleanly', async () => {
    const client = await connect();
    client.send(encodeOpMsgRequest(1, {}));
    assert.equal((await client.nextReply())?.doc['code'], 9);
    client.send(encodeOpMsgRequest(2, { find: 5, $db: 'x' }));
    assert.equal((await client.nextReply())?.doc['ok'], 0);
    client.send(encodeOpMsgRequest(3, { find: 'x', $db: 7 }));
    assert.equal((await client.nextReply())?.doc['ok'], 0);
    const compressed = await connect();
    compressed.send(header(16, 2012));
    await compressed.whenClosed();
  });
});
