import assert from 'node:assert/strict';
import { MeteorError } from './meteor-error';
import { toClientError } from './to-client-error';

function withSanitized(sanitizedError: unknown): Error {
  return Object.assign(new Error('Match error: Expected string, got number'), { sanitizedError });
}

describe('toClientError', () => {
  const cases: Array<[string, unknown, MeteorError['error'], string | undefined, boolean]> = [
    // name, thrown, expected code, expected reason, reported as internal
    ['a MeteorError passes unchanged', new MeteorError('x.denied', 'No'), 'x.denied', 'No', false],
    ['a plain Error becomes 500', new Error('db password is hunter2'), 500, 'Internal server error', true],
    ['a TypeError becomes 500', new TypeError('x is undefined'), 500, 'Internal server error', true],
    ['a thrown string becomes 500', 'boom', 500, 'Internal server error', true],
    ['undefined becomes 500', undefined, 500, 'Internal server error', true],
    ['null becomes 500', null, 500, 'Internal server error', true],
    ['a client-safe sanitizedError is used', withSanitized(new MeteorError(400, 'Match failed')), 400, 'Match failed', true],
    ['a sanitizedError that is not client-safe is ignored', withSanitized(new Error('inner')), 500, 'Internal server error', true],
    ['a client-safe look-alike is rebuilt as MeteorError', { isClientSafe: true, error: 'e', reason: 'r' }, 'e', 'r', false],
  ];
  for (const [name, thrown, code, reason, reported] of cases) {
    it(name, () => {
      const internal: unknown[] = [];
      const result = toClientError(thrown, (error) => internal.push(error));
      assert.ok(result instanceof MeteorError);
      assert.equal(result.error, code);
      assert.equal(result.reason, reason);
      assert.deepEqual(internal, reported ? [thrown] : []);
    });
  }

  it('returns the same MeteorError instance, and keeps a look-alike\'s own message', () => {
    const error = new MeteorError(1, 'r');
    assert.equal(toClientError(error), error);
    const lookAlike = { isClientSafe: true as const, error: 'e', reason: 'r', message: 'custom text' };
    assert.equal(toClientError(lookAlike).message, 'custom text');
  });

  it('never leaks the internal message or stack', () => {
    const result = toClientError(new Error('secret detail'));
    assert.ok(!JSON.stringify({ ...result, message: result.message }).includes('secret detail'));
    assert.equal(result.details, undefined);
  });
});
