import assert from 'node:assert/strict';
import { fuzzyFilter, fuzzyScore } from './fuzzy-match';

describe('fuzzy matching for the quick switcher', () => {
  it('matches characters in order, case-insensitively, and refuses the rest', () => {
    assert.notEqual(fuzzyScore('dsgrv', 'design-reviews'), null);
    assert.notEqual(fuzzyScore('DR', 'design-reviews'), null);
    assert.equal(fuzzyScore('rd', 'design-reviews'.replace(/r/g, 'x')), null);
    assert.equal(fuzzyScore('zz', 'design-reviews'), null);
    assert.equal(fuzzyScore('', 'anything'), 0);
  });

  it('ranks a prefix and word starts above scattered letters', () => {
    const names = ['random', 'general', 'engineering-general', 'gen-ai'];
    assert.deepEqual(
      fuzzyFilter(names, 'gen', (n) => n, 10),
      ['gen-ai', 'general', 'engineering-general'],
    );
    assert.deepEqual(fuzzyFilter(['marketing-ops', 'mobile-ops', 'moderation'], 'mo', (n) => n, 10).slice(0, 2), ['mobile-ops', 'moderation']);
    const people = ['Ada Lovelace (@ada)', 'Grace Hopper (@grace)', 'Alan Turing (@alan)'];
    assert.deepEqual(
      fuzzyFilter(people, 'gh', (p) => p, 10),
      ['Grace Hopper (@grace)'],
    );
    assert.deepEqual(
      fuzzyFilter(people, 'turing', (p) => p, 10),
      ['Alan Turing (@alan)'],
    );
  });

  it('keeps at most the limit, ties in their given order', () => {
    assert.deepEqual(
      fuzzyFilter(
        ['ab', 'ab', 'ab'].map((s, i) => `${s}${i}`),
        'ab',
        (n) => n,
        2,
      ),
      ['ab0', 'ab1'],
    );
  });
});
