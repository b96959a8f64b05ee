import assert from 'node:assert/strict';
import { createAsyncLocalStorageBackend } from './async-local-storage-backend';
import { createSyncEnvironmentBackend, setEnvironmentBackend, type EnvironmentBackend } from './environment-backend';
import { EnvironmentVariable } from './environment-variable';

const backends: Array<[string, () => EnvironmentBackend]> = [
  ['synchronous backend', createSyncEnvironmentBackend],
  ['AsyncLocalStorage backend', createAsyncLocalStorageBackend],
];

for (const [name, create] of backends) {
  describe(`EnvironmentVariable (${name})`, () => {
    let previous: EnvironmentBackend;
    beforeEach(() => {
      previous = setEnvironmentBackend(create());
    });
    afterEach(() => {
      setEnvironmentBackend(previous);
    });

    it('is undefined (null for the Fiber-era getter) outside withValue', () => {
      const variable = new EnvironmentVariable<string>();
      assert.equal(variable.get(), undefined);
      assert.equal(variable.getOrNullIfOutsideFiber(), null);
    });

    it('nests and restores, and returns what the function returns', () => {
      const variable = new EnvironmentVariable<number>();
      const result = variable.withValue(1, () => {
        assert.equal(variable.get(), 1);
        variable.withValue(2, () => assert.equal(variable.get(), 2));
        return variable.get();
      });
      assert.equal(result, 1);
      assert.equal(variable.get(), undefined);
    });

    it('restores the outer value when the function throws', () => {
      const variable = new EnvironmentVariable<string>();
      variable.withValue('outer', () => {
        assert.throws(
          () =>
            variable.withValue('inner', () => {
              throw new Error('x');
            }),
          /x/,
        );
        assert.equal(variable.get(), 'outer');
      });
    });

    it('keeps separate variables separate', () => {
      const a = new EnvironmentVariable<string>();
      const b = new EnvironmentVariable<string>();
      a.withValue('a', () => b.withValue('b', () => assert.deepEqual([a.get(), b.get()], ['a', 'b'])));
      a.withValue('a', () => assert.equal(b.get(), undefined));
    });

    it('rejects a non-function', () => {
      const variable = new EnvironmentVariable<string>();
      assert.throws(() => variable.withValue('x', 5 as unknown as () => void), /expects a function/);
    });
  });
}

describe('EnvironmentVariable across awaits (AsyncLocalStorage backend)', () => {
  let previous: EnvironmentBackend;
  beforeEach(() => {
    previous = setEnvironmentBackend(createAsyncLocalStorageBackend());
  });
  afterEach(() => {
    setEnvironmentBackend(previous);
  });

  it('keeps the value after an await and in timers started inside', async () => {
    const variable = new EnvironmentVariable<string>();
    const seen = await variable.withValue('method-1', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      const afterAwait = variable.get();
      const inTimer = await new Promise((resolve) => setTimeout(() => resolve(variable.get()), 0));
      return [afterAwait, inTimer];
    });
    assert.deepEqual(seen, ['method-1', 'method-1']);
    assert.equal(variable.get(), undefined);
  });

  it('isolates concurrent scopes', async () => {
    const variable = new EnvironmentVariable<number>();
    const run = (n: number) =>
      variable.withValue(n, async () => {
        for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
        return variable.get();
      });
    assert.deepEqual(await Promise.all([run(1), run(2), run(3)]), [1, 2, 3]);
  });
});

describe('setEnvironmentBackend', () => {
  it('rejects something that is not a backend', () => {
    assert.throws(() => setEnvironmentBackend({} as EnvironmentBackend), /current\(\) and run\(\)/);
  });
});
