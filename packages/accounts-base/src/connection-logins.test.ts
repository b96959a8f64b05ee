import assert from 'node:assert/strict';
import { ConnectionLogins } from './connection-logins';
import type { AccountsConnection } from './server-ports';

function connection(id: string): AccountsConnection & { closed: number; fireClose(): void } {
  const callbacks: (() => void)[] = [];
  return {
    id,
    clientAddress: null,
    closed: 0,
    close() {
      this.closed += 1;
    },
    onClose(cb) {
      callbacks.push(cb);
    },
    fireClose() {
      for (const cb of callbacks) cb();
    },
  };
}

describe('ConnectionLogins', () => {
  it('closes exactly the connections using removed tokens, and forgets closed connections', () => {
    const events: string[] = [];
    const logins = new ConnectionLogins({ userActive: (u) => void events.push(`+${u}`), userInactive: (u) => void events.push(`-${u}`) });
    const a = connection('a');
    const b = connection('b');
    logins.remember(a, 'u1', 'ta', new Date());
    logins.remember(b, 'u1', 'tb', new Date());
    logins.remember(a, 'u1', 'ta2', new Date());
    assert.deepEqual(events, ['+u1'], 're-login as the same user keeps the user active');
    assert.equal(logins.closeUserConnectionsExcept('u1', new Set(['ta2'])), 1);
    assert.equal(b.closed, 1);
    assert.equal(a.closed, 0);
    a.fireClose();
    assert.equal(logins.tokenOf('a'), undefined);
    assert.deepEqual(events, ['+u1', '-u1']);
  });

  it('closes connections whose token was issued before a cutoff', () => {
    const logins = new ConnectionLogins();
    const old = connection('old');
    const fresh = connection('fresh');
    logins.remember(old, 'u1', 't1', new Date(1000));
    logins.remember(fresh, 'u2', 't2', new Date(5000));
    assert.equal(logins.closeConnectionsIssuedBefore(new Date(2000)), 1);
    assert.equal(old.closed, 1);
    assert.equal(fresh.closed, 0);
  });
});
