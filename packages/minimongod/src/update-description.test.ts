import assert from 'node:assert/strict';
import { describeUpdate } from './update-description';

describe('describeUpdate', () => {
  it('lists changed paths, removed fields and truncated arrays', () => {
    const before = { _id: 1, a: 1, n: { x: 1, y: 2 }, arr: [1, 2, 3], gone: true };
    const after = { _id: 1, a: 2, n: { x: 1, y: 3, z: 0 }, arr: [1, 2], added: 'new' };
    assert.deepEqual(describeUpdate(before, after), {
      updatedFields: { a: 2, 'n.y': 3, 'n.z': 0, added: 'new' },
      removedFields: ['gone'],
      truncatedArrays: [{ field: 'arr', newSize: 2 }],
    });
  });

  it('reports appended and changed array elements by index', () => {
    assert.deepEqual(describeUpdate({ l: [1, 2, 3, 4] }, { l: [1, 9, 3, 4, 5] }).updatedFields, { 'l.1': 9, 'l.4': 5 });
  });

  it('replaces a wholly different array as one field, and a type change as a value', () => {
    assert.deepEqual(describeUpdate({ l: [1, 2] }, { l: [3, 4] }).updatedFields, { l: [3, 4] });
    assert.deepEqual(describeUpdate({ v: { a: 1 } }, { v: 'x' }).updatedFields, { v: 'x' });
  });
});
