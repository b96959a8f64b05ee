import assert from 'node:assert/strict';
import { MeteorError } from '@perseid/meteor-core';
import { clientError, meteorErrorFromWire, toClientError, toWireError } from './client-error';

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

  it("returns the same MeteorError instance, and keeps a look-alike's own message", () => {
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

describe('toWireError', () => {
  it('passes client-safe errors through and turns anything else into a reported 500', () => {
    const logged: unknown[] = [];
    const log = (error: unknown) => void logged.push(error);
    assert.deepEqual(toWireError(new MeteorError('x.denied', 'Denied', { a: 1 }), log), {
      error: 'x.denied',
      errorType: 'Meteor.Error',
      reason: 'Denied',
      message: 'Denied [x.denied]',
      details: { a: 1 },
    });
    assert.deepEqual(logged, []);
    const secret = new Error('db password is hunter2');
    const wire = toWireError(secret, log);
    assert.equal(wire.error, 500);
    assert.doesNotMatch(JSON.stringify(wire), /hunter2/);
    assert.deepEqual(logged, [secret]);
    const sanitized = Object.assign(new Error('Match error: expected string'), { sanitizedError: new MeteorError(400, 'Match failed') });
    assert.equal(toWireError(sanitized, log).error, 400);
    assert.equal(toWireError('a thrown string', log).error, 500);
  });

  it('sends no reason a look-alike gave as something other than a string', () => {
    const wire = toWireError({ isClientSafe: true, error: 'e', reason: 5 });
    assert.equal(wire.reason, undefined);
    assert.equal(wire.error, 'e');
  });

  it("builds client errors in Meteor's message format", () => {
    assert.deepEqual(clientError(404, "Method 'x' not found"), {
      error: 404,
      reason: "Method 'x' not found",
      message: "Method 'x' not found [404]",
      errorType: 'Meteor.Error',
    });
  });

  it('round-trips through the wire as the same MeteorError', () => {
    const back = meteorErrorFromWire(JSON.parse(JSON.stringify(toWireError(new MeteorError('x.denied', 'Denied', { a: 1 })))));
    assert.ok(back instanceof MeteorError);
    assert.deepEqual([back.error, back.reason, back.details, back.message], ['x.denied', 'Denied', { a: 1 }, 'Denied [x.denied]']);
  });
});
