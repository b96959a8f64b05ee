import assert from 'node:assert/strict';
import { ObjectID } from '@perseid/ejson';
import { idParse, idStringify } from './mongo-id';

describe('idStringify / idParse', () => {
  const cases: Array<[unknown, string]> = [
    ['abc', 'abc'],
    ['', ''],
    ['-dash', '--dash'],
    ['~tilde', '-~tilde'],
    ['{brace', '-{brace'],
    [undefined, '-'],
    [42, '~42'],
    [null, '~null'],
    [true, '~true'],
  ];
  for (const [id, wire] of cases) {
    it(`carries ${JSON.stringify(id) ?? 'undefined'} as ${JSON.stringify(wire)} and back`, () => {
      assert.equal(idStringify(id), wire);
      assert.deepEqual(idParse(wire), id);
    });
  }

  it('carries an ObjectID as its hex string and back', () => {
    const oid = new ObjectID('0123456789abcdef01234567');
    assert.equal(idStringify(oid), '0123456789abcdef01234567');
    const back = idParse('0123456789abcdef01234567');
    assert.ok(back instanceof ObjectID);
    assert.equal(back.toHexString(), '0123456789abcdef01234567');
  });

  it('refuses object ids that are not ObjectIDs', () => {
    assert.throws(() => idStringify({ a: 1 }), /Document ids/);
  });
});
