import assert from 'node:assert/strict';
import { Tracker } from '@perseid/tracker';
import { LocalCollection } from '../src/index';

function collection(): LocalCollection {
  const c = new LocalCollection('reactive');
  c.insert({ _id: 'a', room: 'x', n: 1, hidden: 0 });
  c.insert({ _id: 'b', room: 'y', n: 2, hidden: 0 });
  return c;
}

describe('reactivity through Tracker', () => {
  it('fetch re-runs when the result changes, and only then', () => {
    const c = collection();
    const runs: unknown[][] = [];
    const computation = Tracker.autorun(() => {
      runs.push(c.find({ room: 'x' }, { fields: { n: 1 } }).map((d) => d.n));
    });
    c.insert({ _id: 'z', room: 'y' });
    c.update('a', { $set: { hidden: 1 } });
    Tracker.flush();
    assert.deepEqual(runs, [[1]], 'non-matching inserts and non-projected fields do not invalidate');
    c.update('a', { $set: { n: 5 } });
    Tracker.flush();
    c.insert({ _id: 'c', room: 'x', n: 0 });
    Tracker.flush();
    assert.deepEqual(runs, [[1], [5], [5, 0]]);
    computation.stop();
    c.insert({ _id: 'd', room: 'x', n: 9 });
    Tracker.flush();
    assert.equal(runs.length, 3, 'a stopped computation no longer re-runs');
  });

  it('count re-runs on membership changes but not on field changes', () => {
    const c = collection();
    const counts: number[] = [];
    const computation = Tracker.autorun(() => {
      counts.push(c.find({ room: 'x' }).count());
    });
    c.update('a', { $set: { n: 10 } });
    Tracker.flush();
    c.update('b', { $set: { room: 'x' } });
    Tracker.flush();
    c.remove('a');
    Tracker.flush();
    assert.deepEqual(counts, [1, 2, 1]);
    computation.stop();
  });

  it('findOne follows the first document of a sorted query', () => {
    const c = collection();
    const seen: unknown[] = [];
    const computation = Tracker.autorun(() => {
      seen.push(c.findOne({}, { sort: { n: -1 } })?._id);
    });
    c.update('a', { $set: { n: 3 } });
    Tracker.flush();
    c.update('a', { $set: { n: 0 } });
    Tracker.flush();
    assert.deepEqual(seen, ['b', 'a', 'b']);
    computation.stop();
  });

  it('a limited query ignores changes beyond its window', () => {
    const c = collection();
    let runs = 0;
    const computation = Tracker.autorun(() => {
      runs++;
      c.find({}, { sort: { n: 1 }, limit: 1 }).fetch();
    });
    c.update('b', { $set: { n: 50 } });
    c.insert({ _id: 'far', n: 100 });
    Tracker.flush();
    assert.equal(runs, 1);
    c.insert({ _id: 'near', n: -1 });
    Tracker.flush();
    assert.equal(runs, 2);
    computation.stop();
  });

  it('reactive: false and Tracker.nonreactive opt out', () => {
    const c = collection();
    let runs = 0;
    const computation = Tracker.autorun(() => {
      runs++;
      c.find({}, { reactive: false }).fetch();
      Tracker.nonreactive(() => c.find().count());
    });
    c.insert({ _id: 'n' });
    Tracker.flush();
    assert.equal(runs, 1);
    computation.stop();
  });

  it('pauseObservers batches a burst into one re-run', () => {
    const c = collection();
    let runs = 0;
    const computation = Tracker.autorun(() => {
      runs++;
      c.find().fetch();
    });
    c.pauseObservers();
    for (let i = 0; i < 10; i++) c.insert({ _id: `burst${i}` });
    c.resumeObservers();
    Tracker.flush();
    assert.equal(runs, 2);
    computation.stop();
  });
});
