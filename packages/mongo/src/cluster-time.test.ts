import assert from 'node:assert/strict';
import { Timestamp } from 'mongodb';
import { clusterTimeFromResumeToken, clusterTimeFromTimestamp } from './cluster-time';

describe('cluster time', () => {
  it('reads the (t << 32 | i) time from a resume token', () => {
    const t = (BigInt(1_700_000_000) << 32n) | 7n;
    const token = { _data: `82${t.toString(16).padStart(16, '0')}2B022C0100296E5A1004` };
    assert.equal(clusterTimeFromResumeToken(token), t);
  });

  it('matches the time of the equivalent BSON Timestamp', () => {
    const ts = new Timestamp({ t: 1_700_000_000, i: 7 });
    const token = { _data: `82${((BigInt(1_700_000_000) << 32n) | 7n).toString(16).padStart(16, '0')}` };
    assert.equal(clusterTimeFromTimestamp(ts), clusterTimeFromResumeToken(token));
  });

  it('returns null for tokens it cannot read instead of guessing', () => {
    assert.equal(clusterTimeFromResumeToken({ _data: 'zz' }), null);
    assert.equal(clusterTimeFromResumeToken({ _data: 42 }), null);
    assert.equal(clusterTimeFromResumeToken(null), null);
    assert.equal(clusterTimeFromTimestamp(12), null);
  });
});
