import assert from 'node:assert/strict';
import { lazyInstance } from './lazy-instance';

class Counter {
  #count = 0;
  label = 'c';
  increment(): number {
    return ++this.#count;
  }
}

describe('lazyInstance', () => {
  it('creates the instance on first use only, and methods see #private state', () => {
    let made = 0;
    const lazy = lazyInstance(() => {
      made++;
      return new Counter();
    });
    assert.equal(made, 0);
    assert.equal(lazy.created(), false);
    assert.equal(lazy.value.increment(), 1);
    assert.equal(lazy.value.increment(), 2);
    lazy.value.label = 'd';
    assert.equal(lazy.get().label, 'd');
    assert.ok('increment' in lazy.value);
    assert.equal(made, 1);
  });
});
