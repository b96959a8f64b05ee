import assert from 'node:assert/strict';
import { createAlea } from './alea';
import { AleaRandomGenerator } from './alea-random-generator';

describe('Alea', () => {
  it('reproduces the ids Meteor publishes for seed 0 (packages/random/random_tests.js)', () => {
    const generator = new AleaRandomGenerator([0]);
    assert.deepEqual(
      [generator.id(), generator.id(), generator.id(), generator.id()],
      ['cp9hWvhg8GSvuZ9os', '3f3k6Xo7rrHCifQhR', 'shxDnjWWmnKPEoLhM', '6QTjB8C5SEqhmz4ni'],
    );
  });

  it('stringifies seeds, so 0 and "0" give the same sequence', () => {
    const a = createAlea([0]);
    const b = createAlea(['0']);
    for (let i = 0; i < 5; i++) assert.equal(a(), b());
  });

  it('depends on every seed and on their order', () => {
    const first = (seeds: string[]) => createAlea(seeds)();
    assert.notEqual(first(['a', 'b']), first(['b', 'a']));
    assert.notEqual(first(['a']), first(['a', 'b']));
  });

  it('stays in [0, 1) over many draws', () => {
    const next = createAlea(['range']);
    for (let i = 0; i < 10000; i++) {
      const value = next();
      assert.ok(value >= 0 && value < 1, `out of range: ${value}`);
    }
  });

  it('refuses to start without seeds', () => {
    assert.throws(() => createAlea([]), /at least one seed/);
  });
});
