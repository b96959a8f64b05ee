import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MeteorError } from '@perseid/meteor-core';
import { clientError, ddpServerErrors, toClientError } from './errors';

describe('error catalogue', () => {
  const entries = Object.values(ddpServerErrors);

  it('has unique, namespaced codes, each documented in the README with its reason', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    assert.equal(new Set(entries.map((entry) => entry.code)).size, entries.length);
    for (const entry of entries) {
      // Limits answer in the family of Meteor's unnamespaced `too-many-requests`.
      assert.match(entry.code, /^(ddp\.[a-z-]+|too-many-[a-z-]+)$/);
      assert.ok(readme.includes(`\`${entry.code}\``), `${entry.code} is documented`);
      assert.ok(readme.includes(entry.reason), `${entry.code}'s reason is documented`);
    }
  });

  it('passes client-safe errors through and turns anything else into a logged 500', () => {
    const logged: unknown[] = [];
    const log = (_message: string, error: unknown) => void logged.push(error);
    assert.deepEqual(toClientError(new MeteorError('x.denied', 'Denied', { a: 1 }), 'ctx', log), {
      error: 'x.denied',
      errorType: 'Meteor.Error',
      reason: 'Denied',
      message: 'Denied [x.denied]',
      details: { a: 1 },
    });
    assert.deepEqual(logged, []);
    const secret = new Error('db password is hunter2');
    const wire = toClientError(secret, 'ctx', log);
    assert.equal(wire.error, 500);
    assert.doesNotMatch(JSON.stringify(wire), /hunter2/);
    assert.deepEqual(logged, [secret]);
    const sanitized = Object.assign(new Error('Match error: expected string'), { sanitizedError: new MeteorError(400, 'Match failed') });
    assert.equal(toClientError(sanitized, 'ctx', log).error, 400);
    assert.equal(toClientError('a thrown string', 'ctx', log).error, 500);
  });

  it('builds client errors in Meteor\'s message format', () => {
    assert.deepEqual(clientError(404, "Method 'x' not found"), {
      error: 404,
      reason: "Method 'x' not found",
      message: "Method 'x' not found [404]",
      errorType: 'Meteor.Error',
    });
  });
});
