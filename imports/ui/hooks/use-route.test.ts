import assert from 'node:assert/strict';
import { parseRoute } from './use-route';

describe('parseRoute', () => {
  it('reads a channel, with or without the message it opens at', () => {
    assert.deepEqual(parseRoute('#/c/general'), { kind: 'channel', channelId: 'general', messageId: null });
    assert.deepEqual(parseRoute('#/c/general/m/Xy12_ab'), { kind: 'channel', channelId: 'general', messageId: 'Xy12_ab' });
  });

  it('reads an invite link', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz_0123456789-abcd';
    assert.deepEqual(parseRoute(`#/invite/${token}`), { kind: 'invite', token });
    assert.deepEqual(parseRoute('#/invite/short'), { kind: 'home' });
    assert.deepEqual(parseRoute(`#/invite/${token}<b>`), { kind: 'home' });
  });

  it('falls back to home for anything else', () => {
    assert.deepEqual(parseRoute('#/c/general/m/'), { kind: 'home' });
    assert.deepEqual(parseRoute('#/c/general/m/<b>'), { kind: 'home' });
    assert.deepEqual(parseRoute(''), { kind: 'home' });
  });
});
