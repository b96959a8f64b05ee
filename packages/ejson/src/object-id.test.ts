import assert from 'node:assert/strict';
import { EJSON } from './ejson';
import { ObjectID } from './object-id';

describe('ObjectID', () => {
  it('generates 24 lowercase hex characters, different every time', () => {
    const a = new ObjectID();
    assert.match(a.toHexString(), /^[0-9a-f]{24}$/);
    assert.notEqual(a.toHexString(), new ObjectID().toHexString());
  });

  it("normalises to lowercase and exposes Meteor's accessors", () => {
    const id = new ObjectID('5F1D7F3A9B1E8A0012345678');
    assert.equal(id.toHexString(), '5f1d7f3a9b1e8a0012345678');
    assert.equal(id.valueOf(), '5f1d7f3a9b1e8a0012345678');
    assert.equal(id.toJSONValue(), '5f1d7f3a9b1e8a0012345678');
    assert.equal(id.toString(), 'ObjectID("5f1d7f3a9b1e8a0012345678")');
    assert.equal(id.typeName(), 'oid');
    assert.equal(id.getTimestamp(), 0x5f1d7f3a);
  });

  it('equals only another ObjectID with the same hex', () => {
    const id = new ObjectID('5f1d7f3a9b1e8a0012345678');
    assert.ok(id.equals(new ObjectID('5f1d7f3a9b1e8a0012345678')));
    assert.ok(!id.equals('5f1d7f3a9b1e8a0012345678'));
    assert.ok(!id.equals(new ObjectID('5f1d7f3a9b1e8a0012345679')));
  });

  for (const bad of ['', 'abc', 'g'.repeat(24), '0'.repeat(25)]) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      assert.throws(() => new ObjectID(bad), /Invalid hexadecimal string for creating an ObjectID/);
    });
  }

  it('survives EJSON as a real ObjectID', () => {
    const id = new ObjectID();
    const back = EJSON.parse(EJSON.stringify({ id })) as { id: unknown };
    assert.ok(back.id instanceof ObjectID && back.id.equals(id));
  });
});
