import assert from 'node:assert/strict';
import { applyMention, mentionQueryAt } from './mention-match';

describe('mention autocomplete matching', () => {
  it('finds the @partial before the caret, not inside words or emails', () => {
    assert.deepEqual(mentionQueryAt('hi @an', 6), { start: 3, query: 'an' });
    assert.deepEqual(mentionQueryAt('@', 1), { start: 0, query: '' });
    assert.equal(mentionQueryAt('mail ana@ex', 11), null);
    assert.equal(mentionQueryAt('hi @ana done', 12), null);
  });

  it('replaces the partial with the full name and a space', () => {
    assert.deepEqual(applyMention('hi @an!', 3, 6, 'ana'), { text: 'hi @ana !', caret: 8 });
  });
});
