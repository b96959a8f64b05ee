import assert from 'node:assert/strict';
import { DEFAULT_RETRY, retryDelay } from './retry-policy';

describe('retryDelay', () => {
  it('retries twice almost at once before backing off', () => {
    assert.equal(retryDelay(0), 10);
    assert.equal(retryDelay(1), 10);
  });

  it('grows by the exponent from the base timeout, with fuzz centred on 1', () => {
    const mid = () => 0.5;
    assert.equal(retryDelay(2, DEFAULT_RETRY, mid), 1000 * 2.2 ** 2);
    assert.equal(retryDelay(3, DEFAULT_RETRY, mid), 1000 * 2.2 ** 3);
    assert.equal(
      retryDelay(2, DEFAULT_RETRY, () => 0),
      1000 * 2.2 ** 2 * 0.75,
    );
    assert.ok(retryDelay(2, DEFAULT_RETRY, () => 0.999999) < 1000 * 2.2 ** 2 * 1.25);
  });

  it('never waits more than five minutes before fuzz', () => {
    assert.equal(
      retryDelay(40, DEFAULT_RETRY, () => 0.5),
      5 * 60 * 1000,
    );
  });

  it('rejects a negative or fractional count', () => {
    assert.throws(() => retryDelay(-1), RangeError);
    assert.throws(() => retryDelay(1.5), RangeError);
  });
});
