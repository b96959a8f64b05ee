import assert from 'node:assert/strict';
import { MeteorError, isClientSafeError } from './meteor-error';

describe('MeteorError', () => {
  const messages: Array<[string, MeteorError, string]> = [
    ['string code and reason', new MeteorError('not-authorized', 'You must log in'), 'You must log in [not-authorized]'],
    ['numeric code and reason', new MeteorError(404, 'Not found'), 'Not found [404]'],
    ['code only', new MeteorError('oops'), '[oops]'],
    ['empty reason counts as none', new MeteorError(500, ''), '[500]'],
  ];
  for (const [name, error, message] of messages) {
    it(`${name}: message is ${JSON.stringify(message)}`, () => assert.equal(error.message, message));
  }

  it('carries error, reason, details and the client-safe markers', () => {
    const error = new MeteorError('messages.send.notMember', 'Join the channel first', { channelId: 'c1' });
    assert.ok(error instanceof Error);
    assert.equal(error.error, 'messages.send.notMember');
    assert.equal(error.reason, 'Join the channel first');
    assert.deepEqual(error.details, { channelId: 'c1' });
    assert.equal(error.errorType, 'Meteor.Error');
    assert.equal(error.isClientSafe, true);
    assert.ok(error.stack?.includes('meteor-error.test'));
  });

  it('clone() is an equal, separate error', () => {
    const error = new MeteorError(403, 'Forbidden', ['d']);
    const copy = error.clone();
    assert.notEqual(copy, error);
    assert.ok(copy instanceof MeteorError);
    assert.deepEqual([copy.error, copy.reason, copy.details, copy.message], [403, 'Forbidden', ['d'], 'Forbidden [403]']);
  });

  it('isClientSafeError recognises Meteor errors and look-alikes only', () => {
    assert.ok(isClientSafeError(new MeteorError(1)));
    assert.ok(isClientSafeError({ isClientSafe: true, error: 'x' }));
    assert.ok(!isClientSafeError({ isClientSafe: true }));
    assert.ok(!isClientSafeError({ isClientSafe: 'yes', error: 'x' }));
    assert.ok(!isClientSafeError(new Error('x')));
    assert.ok(!isClientSafeError(null));
    assert.ok(!isClientSafeError('boom'));
  });
});
