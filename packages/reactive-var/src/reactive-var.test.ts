import assert from 'node:assert/strict';
import { Tracker } from '@perseid/tracker';
import { ReactiveVar, isEqualPrimitive } from './reactive-var';

describe('ReactiveVar', () => {
  const stops: Array<() => void> = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    Tracker.flush();
  });

  function track<T>(variable: ReactiveVar<T>): T[] {
    const seen: T[] = [];
    const c = Tracker.autorun(() => {
      seen.push(variable.get());
    });
    stops.push(() => c.stop());
    return seen;
  }

  it('get returns the value and set changes it', () => {
    const v = new ReactiveVar(1);
    assert.equal(v.get(), 1);
    v.set(2);
    assert.equal(v.get(), 2);
  });

  it('a computation that read it reruns with the new value', () => {
    const v = new ReactiveVar('a');
    const seen = track(v);
    v.set('b');
    Tracker.flush();
    assert.deepEqual(seen, ['a', 'b']);
  });

  const unchanged: Array<[string, unknown]> = [
    ['same number', 5],
    ['same string', 'x'],
    ['same boolean', true],
    ['null', null],
    ['undefined', undefined],
    ['0', 0],
  ];
  for (const [name, value] of unchanged) {
    it(`setting the ${name} again does not rerun dependents`, () => {
      const v = new ReactiveVar<unknown>(value);
      const seen = track(v);
      v.set(value);
      Tracker.flush();
      assert.equal(seen.length, 1);
    });
  }

  it('setting the same object again does rerun (it may have been mutated), as in Meteor', () => {
    const obj = { n: 1 };
    const v = new ReactiveVar(obj);
    const seen = track(v);
    obj.n = 2;
    v.set(obj);
    Tracker.flush();
    assert.equal(seen.length, 2);
  });

  it('uses a custom equality function', () => {
    const v = new ReactiveVar({ id: 1, name: 'a' }, (a, b) => a.id === b.id);
    const seen = track(v);
    v.set({ id: 1, name: 'renamed' });
    Tracker.flush();
    assert.equal(seen.length, 1);
    v.set({ id: 2, name: 'other' });
    Tracker.flush();
    assert.equal(seen.length, 2);
  });

  it('isEqualPrimitive table', () => {
    const rows: Array<[unknown, unknown, boolean]> = [
      [1, 1, true],
      [1, 2, false],
      ['a', 'a', true],
      [null, null, true],
      [undefined, undefined, true],
      [Number.NaN, Number.NaN, false],
      [{}, {}, false],
      [null, undefined, false],
    ];
    for (const [a, b, expected] of rows) assert.equal(isEqualPrimitive(a, b), expected, `${String(a)} vs ${String(b)}`);
    const same = {};
    assert.equal(isEqualPrimitive(same, same), false);
  });

  it('toString shows the value; hasDependents follows the readers', () => {
    const v = new ReactiveVar(3);
    assert.equal(v.toString(), 'ReactiveVar{3}');
    assert.equal(v.hasDependents(), false);
    track(v);
    assert.equal(v.hasDependents(), true);
  });

  it('rejects a non-function equality', () => {
    assert.throws(() => new ReactiveVar(1, 'no' as unknown as () => boolean), /equalsFunc must be a function/);
  });
});
