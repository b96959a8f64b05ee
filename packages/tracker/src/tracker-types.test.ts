import assert from 'node:assert/strict';
import { Tracker } from './index';

describe('Tracker types', () => {
  it('Tracker.Computation and Tracker.Dependency work as types and as values', () => {
    const dep: Tracker.Dependency = new Tracker.Dependency();
    const c: Tracker.Computation = Tracker.autorun(() => {
      dep.depend();
    });
    assert.ok(c instanceof Tracker.Computation);
    c.stop();
  });
});
