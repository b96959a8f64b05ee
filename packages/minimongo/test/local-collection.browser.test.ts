import assert from 'node:assert/strict';
import { ObjectID } from '@perseid/ejson';
import { Tracker } from '@perseid/tracker';
import { LocalCollection, Matcher } from '../src/index';

// The same package, bundled for the browser (mingo's ESM build, EJSON, Tracker) and run in
// Chromium: what client collections rely on.
describe('minimongo in the browser', () => {
  it('queries with mingo-backed and own operators alike', () => {
    const c = new LocalCollection('browser');
    c.insert({ _id: 'a', tags: ['x', 'y'], n: 3, at: new Date(1) });
    c.insert({ _id: 'b', tags: ['y'], n: 1, at: new Date(2) });
    c.insert({ _id: new ObjectID('0123456789abcdef01234567'), tags: [], n: 2 });
    assert.deepEqual(
      c.find({ tags: { $size: 1 } }).map((d) => d._id),
      ['b'],
    );
    assert.deepEqual(
      c.find({ n: { $gte: 2 } }, { sort: { n: -1 } }).map((d) => d.n),
      [3, 2],
    );
    assert.deepEqual(
      c.find({ at: { $exists: true }, tags: /x/ }).map((d) => d._id),
      ['a'],
    );
    assert.equal(new Matcher({ n: { $mod: [2, 1] } }).documentMatches({ n: 3 }).result, true);
    assert.equal(c.findOne(new ObjectID('0123456789abcdef01234567'))?.n, 2);
  });

  it('keeps an ordered observer and a reactive fetch in step with writes', () => {
    const c = new LocalCollection('browser-live');
    const order: unknown[] = [];
    const handle = c.find({}, { sort: { n: 1 }, limit: 2 }).observeChanges({
      addedBefore: (id, _fields, before) => order.splice(before === null ? order.length : order.indexOf(before), 0, id),
      removed: (id) => order.splice(order.indexOf(id), 1),
      movedBefore: (id, before) => {
        order.splice(order.indexOf(id), 1);
        order.splice(before === null ? order.length : order.indexOf(before), 0, id);
      },
    });
    const fetched: unknown[][] = [];
    const computation = Tracker.autorun(() => {
      fetched.push(c.find({}, { sort: { n: 1 }, limit: 2 }).map((d) => d._id));
    });
    c.insert({ _id: 'p', n: 5 });
    c.insert({ _id: 'q', n: 1 });
    c.insert({ _id: 'r', n: 3 });
    c.update('p', { $set: { n: 0 } });
    Tracker.flush();
    assert.deepEqual(order, ['p', 'q']);
    assert.deepEqual(fetched[fetched.length - 1], ['p', 'q']);
    computation.stop();
    handle.stop();
  });
});
