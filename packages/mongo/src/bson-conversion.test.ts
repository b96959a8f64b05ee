import assert from 'node:assert/strict';
import { Binary, Long, ObjectId, Timestamp } from 'mongodb';
import { ObjectID } from '@perseid/ejson';
import { fromBson, toBson } from './bson-conversion';

describe('EJSON ⇄ BSON at the driver boundary', () => {
  it('maps ObjectID and binaries both ways, deeply, keeping dates and regexps', () => {
    const oid = new ObjectID('0123456789abcdef01234567');
    const when = new Date(5);
    const bson = toBson({ _id: oid, list: [{ bin: new Uint8Array([1, 2]) }], when, re: /x/i }) as Record<string, unknown>;
    assert.ok(bson['_id'] instanceof ObjectId);
    const bin = ((bson['list'] as unknown[])[0] as Record<string, unknown>)['bin'];
    assert.ok(bin instanceof Binary);
    assert.equal(bson['when'], when);
    const back = fromBson(bson) as Record<string, unknown>;
    assert.ok(back['_id'] instanceof ObjectID);
    assert.equal((back['_id'] as ObjectID).toHexString(), oid.toHexString());
    assert.deepEqual([...((back['list'] as Array<Record<string, Uint8Array>>)[0]?.['bin'] ?? [])], [1, 2]);
    assert.ok(back['re'] instanceof RegExp);
  });

  it('reads Long as a number and leaves driver-only values such as Timestamp alone', () => {
    const ts = new Timestamp({ t: 1, i: 2 });
    assert.deepEqual(fromBson({ a: Long.fromNumber(42), ts }), { a: 42, ts });
  });

  it('does not touch primitives, null or undefined', () => {
    for (const v of [1, 'x', true, null, undefined]) {
      assert.equal(toBson(v), v);
      assert.equal(fromBson(v), v);
    }
  });
});
