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

  it('observers started inside a computation stop when it re-runs or stops', () => {
    const c = new LocalCollection();
    for (const id of ['A', 'B', 'C']) c.insert({ _id: id });
    const direction = new Tracker.Dependency();
    let descending = false;
    let seen = '';
    const computation = Tracker.autorun(() => {
      direction.depend();
      seen = '';
      c.find({}, { sort: { _id: descending ? -1 : 1 } }).observeChanges({
        addedBefore: (id, _fields, before) => {
          const at = before === null ? -1 : seen.indexOf(String(before));
          seen = at === -1 ? seen + String(id) : seen.slice(0, at) + String(id) + seen.slice(at);
        },
      });
    });
    assert.equal(seen, 'ABC');
    descending = true;
    direction.changed();
    Tracker.flush();
    assert.equal(seen, 'CBA');
    c.insert({ _id: 'D' });
    assert.equal(seen, 'DCBA', 'only the current run’s observer reports');
    computation.stop();
    c.insert({ _id: 'E' });
    assert.equal(seen, 'DCBA', 'stopping the computation stopped its observer');
  });

  it('several findOne calls in one computation survive an update', () => {
    const c = collection();
    let runs = 0;
    const computation = Tracker.autorun(() => {
      runs++;
      c.findOne('a');
      c.findOne('a');
    });
    c.update('a', { $set: { x: 42 } });
    Tracker.flush();
    assert.equal(runs, 2);
    computation.stop();
  });

  it('count with a limit follows the window, not the collection', () => {
    const c = new LocalCollection();
    for (const id of ['A', 'B', 'C', 'D']) c.insert({ _id: id });
    let count = -1;
    const computation = Tracker.autorun(() => {
      count = c.find({ _id: { $exists: true } }, { sort: { _id: 1 }, limit: 3 }).count();
    });
    assert.equal(count, 3);
    c.remove('A');
    Tracker.flush();
    assert.equal(count, 3);
    c.remove('B');
    Tracker.flush();
    assert.equal(count, 2);
    c.insert({ _id: 'A' });
    c.insert({ _id: 'B' });
    Tracker.flush();
    assert.equal(count, 3);
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
