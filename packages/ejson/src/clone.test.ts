import assert from 'node:assert/strict';
import { EJSON } from './ejson';
import { ObjectID } from './object-id';

class Box {
  constructor(public value: number) {}
  typeName(): string {
    return 'test-box';
  }
  toJSONValue() {
    return this.value;
  }
}
EJSON.addType('test-box', (json) => new Box(json as number));

describe('EJSON.clone', () => {
  it('returns primitives as they are', () => {
    for (const value of [1, 'a', true, null, undefined, Number.NaN]) assert.ok(Object.is(EJSON.clone(value), value));
  });

  it('deep-copies objects and arrays so changes do not leak back', () => {
    const original = { list: [{ n: 1 }], when: new Date(10), bytes: new Uint8Array([1]) };
    const copy = EJSON.clone(original);
    const [first] = copy.list;
    assert.ok(first);
    first.n = 2;
    copy.when.setTime(20);
    copy.bytes[0] = 9;
    assert.deepEqual(original.list, [{ n: 1 }]);
    assert.equal(original.when.getTime(), 10);
    assert.equal(original.bytes[0], 1);
    assert.ok(EJSON.equals(EJSON.clone(original), original));
  });

  it('shares RegExps (immutable), as Meteor does', () => {
    const re = /x/;
    assert.equal(EJSON.clone({ re }).re, re);
  });

  it('uses a clone method when present, else the JSON form of a custom type', () => {
    const id = new ObjectID();
    const idCopy = EJSON.clone(id);
    assert.ok(idCopy instanceof ObjectID && idCopy !== id && idCopy.equals(id));
    const box = new Box(3);
    const boxCopy = EJSON.clone(box);
    assert.ok(boxCopy instanceof Box && boxCopy !== box && boxCopy.value === 3);
  });

  it('turns other class instances into plain objects of their own keys', () => {
    class Thing {
      a = 1;
      method(): number {
        return 1;
      }
    }
    const copy = EJSON.clone(new Thing()) as unknown;
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.deepEqual(copy, { a: 1 });
  });
});
