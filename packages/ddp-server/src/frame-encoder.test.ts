import assert from 'node:assert/strict';
import { parseServerMessage, type ServerMessage } from '@perseid/ddp-protocol';
import { FrameEncoder } from './frame-encoder';

describe('FrameEncoder', () => {
  it('encodes a message once and shares it for the same fields object', () => {
    const encoder = new FrameEncoder();
    const fields = { text: 'hi', at: new Date(1) };
    const first = encoder.added('messages', 'm1', fields, fields);
    const second = encoder.added('messages', 'm1', fields, fields);
    assert.equal(first, second);
    assert.deepEqual([encoder.encoded, encoder.reused], [1, 1]);
    assert.deepEqual(JSON.parse(first.text), { msg: 'added', collection: 'messages', id: 'm1', fields: { text: 'hi', at: { $date: 1 } } });
  });

  it('does not reuse a frame for a different message built from the same object', () => {
    const encoder = new FrameEncoder();
    const fields = { a: 1 };
    const added = encoder.added('c', 'x', fields, fields);
    const changed = encoder.changed('c', 'x', fields, fields);
    const otherId = encoder.added('c', 'y', fields, fields);
    assert.notEqual(added, changed);
    assert.notEqual(added.text, otherId.text);
    assert.equal(encoder.reused, 0);
  });

  it('builds changed frames with cleared fields and omits empty parts', () => {
    const encoder = new FrameEncoder();
    assert.equal(
      encoder.changed('c', 'x', { a: 2, b: undefined }, undefined).text,
      '{"msg":"changed","collection":"c","id":"x","fields":{"a":2},"cleared":["b"]}',
    );
    assert.equal(encoder.added('c', 'x', {}, undefined).text, '{"msg":"added","collection":"c","id":"x"}');
  });

  it('frames the text as one unmasked WebSocket text frame', () => {
    const encoder = new FrameEncoder();
    const small = encoder.removed('c', 'x');
    assert.equal(small.wire[0], 0x81);
    assert.equal(small.wire[1], Buffer.byteLength(small.text));
    assert.equal(small.wire.subarray(2).toString(), small.text);
    const big = encoder.added('c', 'x', { s: 'é'.repeat(40_000) }, undefined);
    assert.equal(big.wire[1], 127);
    assert.equal(Number(big.wire.readBigUInt64BE(2)), Buffer.byteLength(big.text));
    const medium = encoder.added('c', 'x', { s: 'x'.repeat(300) }, undefined);
    assert.equal(medium.wire[1], 126);
    assert.equal(medium.wire.readUInt16BE(2), Buffer.byteLength(medium.text));
  });

  it('builds exactly the ddp-protocol messages a client parses, field for field', () => {
    const encoder = new FrameEncoder();
    const at = new Date(5);
    const cases: Array<[string, ServerMessage]> = [
      [encoder.added('c', 'x', { a: 1, at }, undefined).text, { msg: 'added', collection: 'c', id: 'x', fields: { a: 1, at } }],
      [encoder.added('c', 'y', {}, undefined).text, { msg: 'added', collection: 'c', id: 'y' }],
      [encoder.changed('c', 'x', { a: 2, b: undefined }, undefined).text, { msg: 'changed', collection: 'c', id: 'x', fields: { a: 2 }, cleared: ['b'] }],
      [encoder.changed('c', 'x', { b: undefined }, undefined).text, { msg: 'changed', collection: 'c', id: 'x', cleared: ['b'] }],
      [encoder.removed('c', 'x').text, { msg: 'removed', collection: 'c', id: 'x' }],
    ];
    for (const [text, expected] of cases) {
      const parsed = parseServerMessage(text);
      assert.ok(parsed.ok, `${text}: ${parsed.ok ? '' : parsed.reason}`);
      assert.deepEqual(parsed.message, expected);
      // Nothing the protocol does not know: the parse drops unknown fields, so compare the raw keys too.
      assert.deepEqual(Object.keys(JSON.parse(text) as object).sort(), Object.keys(expected).sort());
    }
  });
});
