import assert from 'node:assert/strict';
import { addressBlock } from './address-block';

describe('addressBlock', () => {
  it('keeps IPv4 addresses, unwrapping IPv4-mapped IPv6', () => {
    assert.equal(addressBlock('203.0.113.7'), '203.0.113.7');
    assert.equal(addressBlock('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(addressBlock(null), null);
  });

  it('puts every address of one IPv6 /64 in one block, however it is written', () => {
    const block = addressBlock('2001:db8:aa:1::1');
    assert.equal(block, '2001:db8:aa:1::/64');
    for (const same of ['2001:0db8:00aa:0001:ffff:1:2:3', '2001:DB8:AA:1:0:0:0:9', '2001:db8:aa:1::dead:beef%eth0']) assert.equal(addressBlock(same), block);
    assert.notEqual(addressBlock('2001:db8:aa:2::1'), block);
    assert.equal(addressBlock('::1'), '0:0:0:0::/64');
    assert.equal(addressBlock('2001:db8::'), '2001:db8:0:0::/64');
  });

  it('keeps what it does not recognise', () => {
    assert.equal(addressBlock('unknown'), 'unknown');
  });
});
