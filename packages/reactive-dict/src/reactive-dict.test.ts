import assert from 'node:assert/strict';
import { ObjectID } from '@perseid/ejson';
import { Tracker, type Computation } from '@perseid/tracker';
import { dictMigrationData, loadDictMigrationData } from './dict-migration';
import { ReactiveDict } from './reactive-dict';

describe('ReactiveDict', () => {
  const live: Array<Computation | ReactiveDict> = [];
  afterEach(() => {
    for (const item of live.splice(0)) {
      if (item instanceof ReactiveDict) item.destroy();
      else item.stop();
    }
    Tracker.flush();
  });

  /** Runs `read` in an autorun and returns the list of values it produced over time. */
  function watch<T>(read: () => T): T[] {
    const seen: T[] = [];
    live.push(
      Tracker.autorun(() => {
        seen.push(read());
      }),
    );
    return seen;
  }

  function dict<T extends Record<string, unknown>>(...args: ConstructorParameters<typeof ReactiveDict<T>>): ReactiveDict<T> {
    const d = new ReactiveDict<T>(...args);
    live.push(d as ReactiveDict);
    return d;
  }

  it('set/get round-trips EJSON values, and get returns a copy', () => {
    const d = dict();
    const when = new Date(5);
    d.set('when', when);
    d.set('list', [1, { a: 2 }]);
    const got = d.get('when') as Date;
    assert.ok(got instanceof Date && got.getTime() === 5 && got !== when);
    const list = d.get('list') as unknown[];
    list.push('mutated');
    assert.deepEqual(d.get('list'), [1, { a: 2 }]);
    assert.equal(d.get('missing'), undefined);
  });

  it('get reruns only when its own key changes to a different value', () => {
    const d = dict();
    d.set('a', 1);
    const seen = watch(() => d.get('a'));
    d.set('b', 1);
    d.set('a', 1);
    Tracker.flush();
    assert.deepEqual(seen, [1]);
    d.set('a', 2);
    Tracker.flush();
    assert.deepEqual(seen, [1, 2]);
  });

  it('an equal object set again does not rerun (compared as EJSON text)', () => {
    const d = dict();
    d.set('o', { x: [1] });
    const seen = watch(() => d.get('o'));
    d.set('o', { x: [1] });
    Tracker.flush();
    assert.equal(seen.length, 1);
  });

  it('set accepts an object of keys', () => {
    const d = dict();
    d.set({ a: 1, b: 'two' });
    assert.deepEqual(d.all(), { a: 1, b: 'two' });
  });

  it('setDefault only fills keys that are not set, in both forms', () => {
    const d = dict();
    d.set('a', 1);
    d.setDefault('a', 100);
    d.setDefault('b', 2);
    d.setDefault({ b: 200, c: 3 });
    assert.deepEqual(d.all(), { a: 1, b: 2, c: 3 });
  });

  it('equals reruns only when the answer can change', () => {
    const d = dict();
    d.set('status', 'away');
    const seen = watch(() => d.equals('status', 'online'));
    d.set('status', 'busy');
    Tracker.flush();
    assert.deepEqual(seen, [false], 'away -> busy does not concern "online"');
    d.set('status', 'online');
    Tracker.flush();
    d.set('status', 'away');
    Tracker.flush();
    assert.deepEqual(seen, [false, true, false]);
  });

  const scalars: Array<[string, unknown]> = [
    ['string', 's'],
    ['number', 1],
    ['boolean', false],
    ['null', null],
    ['undefined', undefined],
    ['Date', new Date(9)],
    ['ObjectID', new ObjectID('0123456789abcdef01234567')],
  ];
  for (const [name, value] of scalars) {
    it(`equals works with a ${name}`, () => {
      const d = dict();
      d.set('k', value);
      assert.equal(d.equals('k', value), true);
      assert.equal(d.equals('k', 'something else'), value === 'something else');
    });
  }

  it('equals refuses objects and arrays', () => {
    const d = dict();
    assert.throws(() => d.equals('k', { a: 1 }), /value must be scalar/);
    assert.throws(() => d.equals('k', [1]), /value must be scalar/);
  });

  it('all() reruns on any change and lists every key', () => {
    const d = dict();
    const seen = watch(() => d.all());
    d.set('a', 1);
    Tracker.flush();
    d.set('b', 2);
    Tracker.flush();
    assert.deepEqual(seen, [{}, { a: 1 }, { a: 1, b: 2 }]);
  });

  it('delete removes a key, notifies get/equals/all readers and says whether it existed', () => {
    const d = dict();
    d.set('a', 1);
    const gets = watch(() => d.get('a'));
    const isUnset = watch(() => d.equals('a', undefined));
    const alls = watch(() => Object.keys(d.all()).length);
    assert.equal(d.delete('a'), true);
    assert.equal(d.delete('a'), false);
    Tracker.flush();
    assert.deepEqual(gets, [1, undefined]);
    assert.deepEqual(isUnset, [false, true]);
    assert.deepEqual(alls, [1, 0]);
  });

  it('clear empties the dict and notifies readers of every old key', () => {
    const d = dict();
    d.set({ a: 1, b: 2 });
    const a = watch(() => d.get('a'));
    const bIsTwo = watch(() => d.equals('b', 2));
    d.clear();
    Tracker.flush();
    assert.deepEqual(a, [1, undefined]);
    assert.deepEqual(bIsTwo, [true, false]);
    assert.deepEqual(d.all(), {});
  });

  it('unnamed dicts take initial data as first or second argument', () => {
    assert.deepEqual(dict({ a: 1 }).all(), { a: 1 });
    assert.deepEqual(dict(undefined, { b: 2 }).all(), { b: 2 });
  });

  it('named dicts are unique while alive; destroy releases the name', () => {
    const first = new ReactiveDict('session-like', { a: 1 });
    assert.throws(() => new ReactiveDict('session-like'), /Duplicate ReactiveDict name: session-like/);
    first.destroy();
    first.destroy();
    const second = dict('session-like');
    assert.deepEqual(second.all(), {}, 'destroy cleared it');
  });

  it('named dicts carry their contents through migration data', () => {
    const before = new ReactiveDict<{ draft: string; when: Date }>('composer');
    before.set({ draft: 'hello', when: new Date(7) });
    const data = dictMigrationData();
    assert.deepEqual(data.composer, { draft: '"hello"', when: '{"$date":7}' });
    before.destroy();
    loadDictMigrationData(JSON.parse(JSON.stringify(data)));
    const after = dict<{ draft: string; when: Date }>('composer', { draft: 'ignored: migrated data wins' });
    assert.equal(after.get('draft'), 'hello');
    assert.equal(after.get('when')?.getTime(), 7);
  });

  it('typed keys: get returns the declared type', () => {
    const d = dict<{ count: number }>();
    d.set('count', 3);
    const count: number | undefined = d.get('count');
    assert.equal(count, 3);
    // @ts-expect-error wrong value type for a declared key
    d.set('count', 'three');
  });

  const bad: Array<[string, () => unknown, RegExp]> = [
    ['a non-string, non-object argument', () => new ReactiveDict(5 as unknown as string), /Invalid ReactiveDict argument/],
    ['an empty name', () => new ReactiveDict(''), /non-empty string/],
    ['a non-string key', () => new ReactiveDict().set(5 as unknown as string, 1), /key must be a string/],
    ['migration data that is not an object', () => loadDictMigrationData('x'), /must be an object/],
    ['migration values that are not text', () => loadDictMigrationData({ d: { k: 1 } }), /must be EJSON text/],
  ];
  for (const [name, run, message] of bad) {
    it(`rejects ${name}`, () => assert.throws(run, message));
  }
});
