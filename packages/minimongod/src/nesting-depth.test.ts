import assert from 'node:assert/strict';
import { Binary, Code, Long, ObjectId, serialize } from 'bson';
import { exceedsStorageDepth, scanBsonDepth } from './nesting-depth';

/** `{ s: { s: … { s: 1 } } }` as BSON bytes with `levels` documents, written front to back in one buffer. */
function nestedBytes(levels: number): Buffer {
  const out = Buffer.alloc(12 + 8 * (levels - 1));
  let pos = 0;
  for (let level = levels; level > 1; level -= 1) {
    out.writeInt32LE(12 + 8 * (level - 1), pos);
    out.set([0x03, 0x73, 0], pos + 4);
    pos += 7;
  }
  out.writeInt32LE(12, pos);
  out.set([0x10, 0x73, 0, 1, 0, 0, 0, 0], pos + 4);
  // The remaining bytes are the outer documents' terminating zeros.
  return out;
}

describe('nesting-depth', () => {
  it('measures the depth of every BSON type the encoder writes, as the decoder would see it', () => {
    const doc = {
      d: 1.5,
      s: 'x',
      o: { a: [1, { b: [] }] },
      bin: new Binary(Buffer.from('ab')),
      id: new ObjectId(),
      t: true,
      date: new Date(0),
      n: null,
      re: /a/i,
      code: new Code('f()', { scope: { inner: { x: 1 } } }),
      i: 7,
      l: Long.fromNumber(9),
      u: undefined,
    };
    const bytes = serialize(doc, { ignoreUndefined: false });
    assert.deepEqual(scanBsonDepth(bytes, 0, bytes.length, 200), { kind: 'within', depth: 5 });
    assert.deepEqual(scanBsonDepth(bytes, 0, bytes.length, 4), { kind: 'too-deep' });
  });

  it('stops at the limit on a 100,000-deep document, reading no further', () => {
    const bytes = nestedBytes(100_000);
    assert.deepEqual(scanBsonDepth(bytes, 0, bytes.length, 200), { kind: 'too-deep' });
    const shallow = nestedBytes(200);
    assert.deepEqual(scanBsonDepth(shallow, 0, shallow.length, 200), { kind: 'within', depth: 200 });
  });

  it('reports random bytes and lying lengths as malformed, always terminating', () => {
    const valid = serialize({ a: { b: 'text', c: [1, 2, 3] } });
    for (let seed = 0; seed < 2000; seed += 1) {
      const bytes = Buffer.from(valid);
      const at = 4 + (seed % (bytes.length - 4));
      bytes[at] = (seed * 37) & 0xff;
      const scan = scanBsonDepth(bytes, 0, bytes.length, 200);
      assert.ok(scan.kind === 'within' || scan.kind === 'malformed');
    }
    const negative = Buffer.from(serialize({ s: 'abc' }));
    negative.writeInt32LE(-100, 7);
    assert.deepEqual(scanBsonDepth(negative, 0, negative.length, 200), { kind: 'malformed' });
  });

  it('counts stored depth as mongod does: top level is 1, empty documents and arrays add nothing', () => {
    let doc: unknown = 1;
    for (let i = 0; i < 99; i += 1) doc = { a: doc };
    assert.equal(exceedsStorageDepth({ top: doc }), false, '100 levels');
    assert.equal(exceedsStorageDepth({ top: [doc] }), true, '101 levels');
    assert.equal(exceedsStorageDepth({ top: doc, e: {}, f: [[]] }), false);
  });
});
