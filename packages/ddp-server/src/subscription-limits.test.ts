import assert from 'node:assert/strict';
import { DEFAULT_SUBSCRIPTION_LIMITS, subscriptionLimitsFromSettings } from './subscription-limits';
import { Server } from './server';

describe('subscriptionLimitsFromSettings', () => {
  it("reads Meteor.settings.packages['ddp-server'] and leaves absent keys to the defaults", () => {
    assert.deepEqual(subscriptionLimitsFromSettings({ packages: { 'ddp-server': { maxSubscriptionsPerConnection: 40 } } }), {
      maxSubscriptionsPerConnection: 40,
    });
    assert.deepEqual(subscriptionLimitsFromSettings({ public: {} }), {});
    assert.deepEqual(subscriptionLimitsFromSettings(undefined), {});
    const server = new Server(subscriptionLimitsFromSettings({ packages: { 'ddp-server': { maxSubscriptionsPerUser: 500 } } }));
    assert.equal(server.maxSubscriptionsPerUser, 500);
    assert.equal(server.maxSubscriptionsPerConnection, DEFAULT_SUBSCRIPTION_LIMITS.maxSubscriptionsPerConnection);
  });

  it('refuses a value that is not a positive integer, naming the setting', () => {
    for (const bad of [0, -1, 1.5, '100', null]) {
      assert.throws(
        () => subscriptionLimitsFromSettings({ packages: { 'ddp-server': { maxSubscriptionsPerUser: bad } } }),
        /Meteor\.settings\.packages\['ddp-server'\]\.maxSubscriptionsPerUser must be a positive integer/,
      );
    }
  });
});
