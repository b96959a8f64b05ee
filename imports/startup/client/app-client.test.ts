import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';

interface RuntimeConfigView {
  ROOT_URL: string;
  PUBLIC_SETTINGS: Record<string, unknown>;
  TEST_MODE: string | false;
}

describe('app client under meteor test', () => {
  const config = (globalThis as unknown as { __meteor_runtime_config__: RuntimeConfigView }).__meteor_runtime_config__;

  it('runs in a real browser with the runtime config', () => {
    assert.match(navigator.userAgent, /Chrome\//);
    assert.equal(Meteor.isClient, true);
    assert.equal(Meteor.isTest || Meteor.isAppTest, true);
    assert.equal(config.TEST_MODE === 'unit' || config.TEST_MODE === 'full-app', true);
  });

  it('sees the public settings as Meteor.settings.public', () => {
    assert.deepEqual(Meteor.settings.public, config.PUBLIC_SETTINGS);
  });
});
