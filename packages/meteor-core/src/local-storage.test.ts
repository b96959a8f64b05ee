import assert from 'node:assert/strict';
import { Meteor } from './index';
import { createLocalStorage, type LocalStorageLike } from './local-storage';

describe('Meteor._localStorage', () => {
  it('on the server is a store in memory', () => {
    Meteor._localStorage.setItem('k', 'v');
    assert.equal(Meteor._localStorage.getItem('k'), 'v');
    Meteor._localStorage.removeItem('k');
    assert.equal(Meteor._localStorage.getItem('k'), null);
  });

  it("falls back to memory when the page's storage throws on writes (a private window), as Meteor does", () => {
    // Safari's private browsing: localStorage exists, every setItem throws QuotaExceededError.
    const refusing: LocalStorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const storage = createLocalStorage(refusing, 'probe');
    storage.setItem('login', 'token');
    assert.equal(storage.getItem('login'), 'token');
  });
});
