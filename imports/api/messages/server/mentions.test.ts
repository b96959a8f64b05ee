import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { mentionedUsernames } from '../mentions';

describe('mentionedUsernames', () => {
  it('finds @names once each, lower-cased, without trailing punctuation', () => {
    assert.deepEqual(mentionedUsernames('hi @Ana and @bob. @ana again'), ['ana', 'bob']);
  });

  it('ignores email addresses and bare @', () => {
    assert.deepEqual(mentionedUsernames('mail ana@example.com or @ alone'), []);
  });
});
