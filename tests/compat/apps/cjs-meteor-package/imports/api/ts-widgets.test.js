import assert from 'node:assert/strict';
import { formatCount } from 'compat-ts-widgets';

describe('an npm package shipping TypeScript sources', () => {
  it('loads on both sides', () => {
    assert.equal(formatCount(1), '1 signature');
    assert.equal(formatCount(2), '2 signatures');
  });
});
