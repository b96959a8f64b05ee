import assert from 'node:assert/strict';
import { MinimongoError } from './errors';
import { LocalCollection } from './local-collection';
import { Matcher } from './matcher';

describe('$near', () => {
  it('matches legacy coordinate pairs within $maxDistance and returns them nearest first', () => {
    const c = new LocalCollection();
    c.insert({ _id: 'far', rest: { loc: [5, 5] } });
    c.insert({ _id: 'near', rest: { loc: [2, 3] } });
    c.insert({ _id: 'mid', rest: { loc: [-3, 3] } });
    c.insert({ _id: 'object-form', rest: { loc: { x: 1, y: 1 } } });
    c.insert({ _id: 'no-location', rest: {} });
    assert.deepEqual(
      c.find({ 'rest.loc': { $near: [0, 0], $maxDistance: 30 } }).map((d) => d._id),
      ['object-form', 'near', 'mid', 'far'],
    );
    assert.deepEqual(
      c.find({ 'rest.loc': { $near: [0, 0], $maxDistance: 2 } }).map((d) => d._id),
      ['object-form'],
    );
    assert.deepEqual(
      c.find({ 'rest.loc': { $near: [0, 0] } }, { sort: { _id: 1 } }).map((d) => d._id),
      ['far', 'mid', 'near', 'object-form'],
    );
  });

  it('measures GeoJSON points in metres along the Earth’s surface', () => {
    const c = new LocalCollection();
    // Two points about 111 m and 1.1 km north of the origin (0.001 and 0.01 degrees of latitude).
    c.insert({ _id: 'km', location: { type: 'Point', coordinates: [0, 0.01] } });
    c.insert({ _id: 'hundred-m', location: { type: 'Point', coordinates: [0, 0.001] } });
    const origin = { type: 'Point', coordinates: [0, 0] };
    assert.deepEqual(
      c.find({ location: { $near: { $geometry: origin, $maxDistance: 200 } } }).map((d) => d._id),
      ['hundred-m'],
    );
    assert.deepEqual(
      c.find({ location: { $near: { $geometry: origin, $maxDistance: 2000 } } }).map((d) => d._id),
      ['hundred-m', 'km'],
    );
    const distance = new Matcher({ location: { $near: { $geometry: origin } } }).nearDistance(c.findOne('km') ?? {});
    assert.ok(distance !== undefined && Math.round(distance) === 1112, `distance ${distance}`);
  });

  it('uses the nearest of several locations in an array; the positional operator binds the first element', () => {
    const c = new LocalCollection();
    c.insert({
      _id: 'x',
      a: [
        { b: [1, 1] },
        {
          b: [
            [3, 3],
            [4, 4],
          ],
        },
        { b: [9, 9] },
      ],
    });
    assert.equal(c.find({ 'a.b': { $near: [5, 5], $maxDistance: 2 } }).count(), 1);
    assert.equal(new Matcher({ 'a.b': { $near: [5, 5] } }).nearDistance(c.findOne('x') ?? {}), Math.SQRT2);
    c.update({ 'a.b': { $near: [5, 5] } }, { $set: { 'a.$.b': 'k' } });
    // As Meteor (meteor/meteor#3599): `$` after `$near` is the first element, not the closest.
    assert.deepEqual(c.findOne('x')?.a, [
      { b: 'k' },
      {
        b: [
          [3, 3],
          [4, 4],
        ],
      },
      { b: [9, 9] },
    ]);
  });

  for (const [name, selector, message] of [
    ['inside $or', { $or: [{ loc: { $near: [0, 0] } }, { x: 1 }] }, /\$near cannot be inside/],
    ['inside $and', { $and: [{ loc: { $near: [0, 0] } }] }, /\$near cannot be inside/],
    ['inside $not', { loc: { $not: { $near: [0, 0] } } }, /\$near cannot be inside/],
    ['twice', { a: { $near: [0, 0] }, b: { $near: [0, 0] } }, /Only one \$near/],
    ['with a bad point', { loc: { $near: ['x', 0] } }, /coordinate pair or a GeoJSON point/],
    ['with a non-point geometry', { loc: { $near: { $geometry: { type: 'Polygon', coordinates: [] } } } }, /only GeoJSON points/],
    ['with a negative $maxDistance', { loc: { $near: [0, 0], $maxDistance: -1 } }, /\$maxDistance must be a non-negative number/],
    ['$maxDistance alone', { loc: { $maxDistance: 1 } }, /\$maxDistance needs a \$near/],
  ] as Array<[string, Record<string, unknown>, RegExp]>) {
    it(`is refused ${name}`, () => {
      assert.throws(
        () => new Matcher(selector),
        (error: unknown) => error instanceof MinimongoError && message.test(error.message),
      );
    });
  }
});
