import assert from 'node:assert/strict';
import { prependPath } from './key-path';

describe('prependPath', () => {
  const cases: Array<[string | number, string, string]> = [
    ['a', '', 'a'],
    ['a', 'b', 'a.b'],
    ['a', '[0]', 'a[0]'],
    [0, 'b', '[0].b'],
    ['12', '', '[12]'],
    ['$set', '', '$set'],
    ['_id', 'x', '_id.x'],
    ['with space', '', '["with space"]'],
    ['dotted.key', 'z', '["dotted.key"].z'],
    ['new', '', '["new"]'],
    ['9lives', '', '["9lives"]'],
  ];
  for (const [key, base, expected] of cases) {
    it(`${JSON.stringify(key)} + ${JSON.stringify(base)} -> ${expected}`, () => assert.equal(prependPath(key, base), expected));
  }
});
