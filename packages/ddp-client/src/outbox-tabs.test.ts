import assert from 'node:assert/strict';
import { isOutboxRecord, parseTabMessage } from './outbox-tabs';

const record = { seq: 3, randomSeed: 'seed-3', method: 'messages.send', params: '[{"text":"hi"}]', attempts: 0, owner: 'tab-a' };

describe('outbox tabs: what another tab may say', () => {
  it('takes a kept call and a settled seed as sent', () => {
    assert.deepEqual(parseTabMessage({ type: 'kept', record }), { type: 'kept', record });
    assert.deepEqual(parseTabMessage({ type: 'settled', randomSeed: 'seed-3', extra: 'ignored' }), { type: 'settled', randomSeed: 'seed-3' });
  });

  it('ignores anything else: other types, missing or mistyped fields, non-objects', () => {
    for (const data of [
      null,
      undefined,
      'kept',
      42,
      [],
      { type: 'replay-everything' },
      { type: 'settled' },
      { type: 'settled', randomSeed: 7 },
      { type: 'kept' },
      { type: 'kept', record: { ...record, seq: '3' } },
      { type: 'kept', record: { ...record, params: [] } },
      { type: 'kept', record: { ...record, owner: 5 } },
    ]) {
      assert.equal(parseTabMessage(data), undefined, JSON.stringify(data) ?? String(data));
    }
  });

  it('a stored record without an owner (written before tabs were coordinated) is still a record', () => {
    const { owner: _owner, ...ownerless } = record;
    assert.equal(isOutboxRecord(ownerless), true);
    assert.equal(isOutboxRecord({ ...ownerless, attempts: undefined }), false);
  });
});
