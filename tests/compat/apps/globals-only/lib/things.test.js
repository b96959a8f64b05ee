import assert from 'assert';
import './things';

describe('globals from .meteor/packages', function () {
  it('Meteor, Mongo, Tracker and check are globals on both sides', function () {
    assert.strictEqual(typeof Meteor.isClient, 'boolean');
    assert.strictEqual(typeof Mongo.Collection, 'function');
    assert.strictEqual(typeof Tracker.autorun, 'function');
    assert.strictEqual(typeof check, 'function');
  });

  it('things.add checks its argument', async function () {
    await assert.rejects(Meteor.callAsync('things.add', 42), /Match/);
    assert.strictEqual(typeof (await Meteor.callAsync('things.add', 'ok')), 'string');
  });
});
