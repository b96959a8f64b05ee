import assert from 'node:assert/strict';
import { isToolError } from '../tool-error';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, killGraceFor, shutdownTimeoutFrom, SHUTDOWN_TIMEOUT_ENV } from './graceful-shutdown';

describe('PERSEID_SHUTDOWN_TIMEOUT_MS', () => {
  it('defaults to 10 s and reads whole milliseconds', () => {
    assert.equal(shutdownTimeoutFrom({}), DEFAULT_SHUTDOWN_TIMEOUT_MS);
    assert.equal(DEFAULT_SHUTDOWN_TIMEOUT_MS, 10_000);
    assert.equal(shutdownTimeoutFrom({ [SHUTDOWN_TIMEOUT_ENV]: '2500' }), 2500);
  });

  it('refuses a value that is not a positive whole number of ms with a usage error naming the variable', () => {
    for (const bad of ['0', '-5', '1.5', 'ten', '600001']) {
      assert.throws(
        () => shutdownTimeoutFrom({ [SHUTDOWN_TIMEOUT_ENV]: bad }),
        (error: unknown) => isToolError(error) && error.code === 'usage.badValue' && error.message.includes(SHUTDOWN_TIMEOUT_ENV),
      );
    }
  });

  it('gives a parent at least the bound the server reads from the same environment before SIGKILL', () => {
    assert.ok(killGraceFor({}) >= DEFAULT_SHUTDOWN_TIMEOUT_MS);
    assert.ok(killGraceFor({ [SHUTDOWN_TIMEOUT_ENV]: '45000' }) >= 45_000);
  });
});
