import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';

describe('app server under meteor test', () => {
  it('is in test mode', () => {
    assert.equal(Meteor.isTest || Meteor.isAppTest, true);
    assert.equal(Meteor.isClient, false);
  });

  it('serves the page with the public settings and never a private one', async () => {
    const response = await fetch(Meteor.absoluteUrl(), { headers: { accept: 'text/html' } });
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /__meteor_runtime_config__/);
    assert.ok(html.includes(String((Meteor.settings.public as Record<string, unknown>)['appName'] ?? '')));
    for (const [key, value] of Object.entries(Meteor.settings)) {
      if (key === 'public') continue;
      assert.ok(!html.includes(key) && !html.includes(JSON.stringify(value)), `private setting "${key}" leaked into the page`);
    }
  });

  it('answers the health check with the database state', async () => {
    const response = await fetch(Meteor.absoluteUrl('__perseid/health'));
    const health = (await response.json()) as { status: string; database: string };
    assert.equal(health.status, 'ok');
    assert.equal(health.database, process.env['MONGO_URL'] ? 'connected' : 'not-configured');
  });
});
