import assert from 'node:assert/strict';
import type { CommandError } from './errors';
import { makeToken, parseToken } from './resume-token';

describe('resume tokens', () => {
  it('start with 82 and the big-endian clusterTime, and round-trip their kind', () => {
    const ts = (0x6b012a44n << 32n) | 6n;
    const token = makeToken(ts, 'event');
    assert.equal(token._data, '826b012a440000000601');
    assert.deepEqual(parseToken(token, 'resumeAfter'), { ts, kind: 'event' });
    assert.equal(parseToken(makeToken(ts, 'invalidate'), 'x').kind, 'invalidate');
    assert.equal(parseToken(makeToken(ts, 'highWater'), 'x').kind, 'highWater');
  });

  it('refuses tokens it did not issue with 260', () => {
    for (const bad of [null, {}, { _data: 5 }, { _data: '82zz' }, { _data: '8200000000000000000' }]) {
      assert.throws(
        () => parseToken(bad, 'resumeAfter'),
        (e: CommandError) => e.code === 260,
      );
    }
  });
});
