import assert from 'node:assert/strict';
import { EMOJI } from './emoji-data';
import { searchEmoji } from './emoji-search';
import { MAX_RECENT_EMOJI, readRecentEmoji, rememberEmoji, type RecentStore } from './recent-emoji';

function memoryStore(): RecentStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('emoji search and the recent list', () => {
  it('the built-in set holds a few hundred emoji with unique names', () => {
    assert.ok(EMOJI.length >= 300, `${EMOJI.length} emoji`);
    assert.equal(new Set(EMOJI.map((e) => e.name)).size, EMOJI.length);
    assert.equal(new Set(EMOJI.map((e) => e.emoji)).size, EMOJI.length);
  });

  it('finds by name first, then by keyword, ignoring case and colons', () => {
    assert.equal(searchEmoji(EMOJI, 'tada')[0]?.emoji, '🎉');
    assert.equal(searchEmoji(EMOJI, ':TADA:')[0]?.emoji, '🎉');
    assert.equal(searchEmoji(EMOJI, 'thumbsup')[0]?.emoji, '👍');
    const party = searchEmoji(EMOJI, 'party').map((e) => e.emoji);
    assert.equal(party[0], '🥳', 'a name match before keyword matches');
    assert.ok(party.includes('🎉'));
    assert.deepEqual(searchEmoji(EMOJI, '   '), []);
    assert.deepEqual(searchEmoji(EMOJI, 'zzqqxx'), []);
  });

  it('keeps each person’s recent emoji, most recent first, once each, capped', () => {
    const store = memoryStore();
    rememberEmoji(store, 'u1', '🎉');
    rememberEmoji(store, 'u1', '👍');
    assert.deepEqual(rememberEmoji(store, 'u1', '🎉'), ['🎉', '👍']);
    assert.deepEqual(readRecentEmoji(store, 'u2'), [], 'another person starts empty');
    for (let i = 0; i < 40; i++) rememberEmoji(store, 'u1', EMOJI[i]?.emoji ?? '?');
    assert.equal(readRecentEmoji(store, 'u1').length, MAX_RECENT_EMOJI);
    store.data.set('perseid.recent-emoji.u3', '{not json');
    assert.deepEqual(readRecentEmoji(store, 'u3'), []);
  });
});
