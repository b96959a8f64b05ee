import assert from 'node:assert/strict';
import { deserialize, serialize } from 'bson';
import { encodeOpMsgReply, encodeOpMsgRequest, encodeOpReply, parseWireMessage } from './wire-codec';

describe('wire-codec', () => {
  it('merges kind-1 sequences into the body under their identifier', () => {
    const parsed = parseWireMessage(encodeOpMsgRequest(9, { insert: 'c', $db: 'd' }, { sequences: { documents: [{ a: 1 }, { a: 2 }] } }));
    assert.ok(parsed.ok);
    assert.equal(parsed.request.kind, 'msg');
    assert.equal(parsed.request.requestId, 9);
    assert.deepEqual(parsed.request.kind === 'msg' && parsed.request.body['documents'], [{ a: 1 }, { a: 2 }]);
  });

  it('refuses a field given both in the body and as a sequence', () => {
    const parsed = parseWireMessage(encodeOpMsgRequest(1, { insert: 'c', documents: [] }, { sequences: { documents: [{ a: 1 }] } }));
    assert.equal(parsed.ok, false);
    assert.equal(!parsed.ok && parsed.fatal, false, 'an error reply, not a closed connection');
  });

  it('reports moreToCome so the caller never replies, even to a bad message', () => {
    const good = parseWireMessage(encodeOpMsgRequest(3, { ping: 1 }, { moreToCome: true }));
    assert.ok(good.ok && good.request.kind === 'msg' && good.request.moreToCome);
    const bad = encodeOpMsgRequest(4, { ping: 1 }, { moreToCome: true });
    bad.writeInt32LE(1000, 21);
    const parsed = parseWireMessage(bad);
    assert.ok(!parsed.ok);
    assert.equal(!parsed.ok && parsed.requestId, null);
  });

  it('rejects lengths that lie, unknown opcodes and unknown section kinds', () => {
    const msg = encodeOpMsgRequest(1, { ping: 1 });
    const shorter = parseWireMessage(msg.subarray(0, msg.length - 1));
    assert.ok(!shorter.ok && shorter.fatal);
    const unknown = Buffer.from(msg);
    unknown.writeInt32LE(1234, 12);
    const u = parseWireMessage(unknown);
    assert.ok(!u.ok && u.fatal);
    const kind = Buffer.from(msg);
    kind.writeUInt8(7, 20);
    const k = parseWireMessage(kind);
    assert.ok(!k.ok && !k.fatal);
    assert.ok(!parseWireMessage(Buffer.alloc(3)).ok);
  });

  it('encodes OP_MSG replies with one kind-0 section and OP_REPLY for the handshake', () => {
    const reply = encodeOpMsgReply(5, 9, { ok: 1 });
    assert.equal(reply.readInt32LE(0), reply.length);
    assert.equal(reply.readInt32LE(8), 9);
    assert.equal(reply.readInt32LE(12), 2013);
    assert.equal(reply.readUInt32LE(16), 0, 'no flags, no checksum');
    assert.equal(reply.readUInt8(20), 0);
    assert.deepEqual(deserialize(reply.subarray(21)), { ok: 1 });
    assert.equal(reply.length, 21 + serialize({ ok: 1 }).length);
    const legacy = encodeOpReply(6, 10, { ismaster: true });
    assert.equal(legacy.readInt32LE(12), 1);
    assert.equal(legacy.readInt32LE(32), 1, 'numberReturned');
    assert.deepEqual(deserialize(legacy.subarray(36)), { ismaster: true });
  });
});
