import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { PresenceRegistry } from '../presence-registry';

describe('PresenceRegistry', () => {
  it('is online while any connection is active, away when all are idle, offline when none remain', () => {
    const registry = new PresenceRegistry();
    const seen: string[] = [];
    registry.watch((userId, state) => seen.push(`${userId}:${state}`));
    const tab1 = registry.connect('c1', 'ana');
    const tab2 = registry.connect('c2', 'ana');
    registry.setState('c1', 'away');
    assert.equal(registry.stateOf('ana'), 'online');
    registry.setState('c2', 'away');
    assert.equal(registry.stateOf('ana'), 'away');
    tab1.stop();
    tab2.stop();
    tab2.stop();
    assert.equal(registry.stateOf('ana'), 'offline');
    assert.deepEqual(seen, ['ana:online', 'ana:away', 'ana:offline']);
  });

  it('ignores state changes for unknown connections', () => {
    const registry = new PresenceRegistry();
    registry.setState('nope', 'away');
    assert.equal(registry.snapshot().size, 0);
  });
});
