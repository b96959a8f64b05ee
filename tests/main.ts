/**
 * The app's test module (package.json "meteor.testModule"): `meteor test` loads it on both
 * sides, so it branches on Meteor.isServer / Meteor.isClient. Feature tests are imported here
 * (e.g. `import '/imports/api/messages/methods.test';`) so both modes run them.
 */
import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';

interface RuntimeConfigView {
  ROOT_URL: string;
  PUBLIC_SETTINGS: Record<string, unknown>;
  TEST_MODE: string | false;
}

if (Meteor.isServer) {
  // A computed specifier keeps esbuild from pulling server code (Express, the driver) into the
  // client test bundle; Node resolves it at run time.
  const serverTests = '/tests/server-tests';
  await import(serverTests);
}

await import('/imports/ui/markdown/parse-markdown.test');
await import('/imports/ui/components/group-messages.test');
await import('/imports/ui/components/mention-match.test');
await import('/imports/ui/hooks/use-route.test');
await import('/imports/api/users/user-profile.test');
await import('/imports/ui/components/fuzzy-match.test');
await import('/imports/ui/emoji/emoji-search.test');
if (Meteor.isClient) await import('/imports/ui/components/components.browser-test');
if (Meteor.isClient) await import('/imports/ui/components/message-list.browser-test');
if (Meteor.isClient) await import('/imports/ui/components/broadcast-confirm.browser-test');
if (Meteor.isClient) await import('/imports/ui/hooks/use-attention.browser-test');
if (Meteor.isClient) await import('/imports/ui/components/admin-console.browser-test');

if (Meteor.isServer) {
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
}

if (Meteor.isClient) {
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
}
