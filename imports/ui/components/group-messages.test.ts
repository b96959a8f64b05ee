import assert from 'node:assert/strict';
import { groupMessages } from './group-messages';

const at = (iso: string) => new Date(iso);

describe('groupMessages', () => {
  it('separates days and groups consecutive messages of one author', () => {
    const rows = groupMessages(
      [
        { _id: 'a', userId: 'ana', createdAt: at('2026-03-01T10:00:00') },
        { _id: 'b', userId: 'ana', createdAt: at('2026-03-01T10:01:00') },
        { _id: 'c', userId: 'bob', createdAt: at('2026-03-01T10:02:00') },
        { _id: 'd', userId: 'bob', createdAt: at('2026-03-01T11:00:00') },
        { _id: 'e', userId: 'bob', createdAt: at('2026-03-02T09:00:00') },
      ],
      at('2026-03-02T12:00:00'),
    );
    const shape = rows.map((r) => (r.kind === 'day' ? `[${r.label}]` : `${r.message._id}${r.startsGroup ? '*' : ''}`));
    assert.equal(shape[0]?.startsWith('['), true);
    assert.deepEqual(shape.slice(1, 5), ['a*', 'b', 'c*', 'd*']);
    assert.deepEqual(shape.slice(5), ['[Today]', 'e*']);
    assert.equal(rows[0]?.kind === 'day' && rows[0].label, 'Yesterday');
  });
});
