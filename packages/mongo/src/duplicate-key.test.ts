import assert from 'node:assert/strict';
import { isDuplicateKeyError } from './duplicate-key';

describe('isDuplicateKeyError', () => {
  it('recognises E11000, for any index or for the one on a field', () => {
    const onName = { code: 11000, keyPattern: { name: 1 }, message: 'E11000 duplicate key error collection: app.channels index: name_1' };
    assert.equal(isDuplicateKeyError(onName), true);
    assert.equal(isDuplicateKeyError(onName, 'name'), true);
    assert.equal(isDuplicateKeyError(onName, '_id'), false);
    assert.equal(
      isDuplicateKeyError({ code: 11000, message: 'E11000 duplicate key error collection: app.m index: _id_ dup key' }, '_id'),
      true,
      'named in the message when keyPattern is missing',
    );
  });

  it('is false for other errors and non-errors', () => {
    assert.equal(isDuplicateKeyError({ code: 2, keyPattern: { _id: 1 } }, '_id'), false);
    assert.equal(isDuplicateKeyError(null), false);
    assert.equal(isDuplicateKeyError('E11000'), false);
  });
});
