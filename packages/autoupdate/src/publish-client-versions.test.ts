import assert from 'node:assert/strict';
import type { ClientArch, ClientVersionRecord } from '@perseid/webapp';
import { createWebApp } from '@perseid/webapp';
import { clientVersionsHandler } from './publish-client-versions';
import type { VersionsSubscription } from './publish-client-versions';

const record = (v: string): ClientVersionRecord => ({
  version: v,
  versionRefreshable: `${v}-css`,
  versionNonRefreshable: `${v}-js`,
  versionReplaceable: `${v}-js`,
  assets: [{ url: `/assets/${v}.css` }],
});

function recorder(): VersionsSubscription & { frames: unknown[][]; stops: (() => void)[] } {
  const frames: unknown[][] = [];
  const stops: (() => void)[] = [];
  return {
    frames,
    stops,
    added: (c, id, f) => void frames.push(['added', c, id, f]),
    changed: (c, id, f) => void frames.push(['changed', c, id, f]),
    ready: () => void frames.push(['ready']),
    onStop: (cb) => void stops.push(cb),
  };
}

describe('meteor_autoupdate_clientVersions', () => {
  it('publishes one document per arch, then every replaced version as changed, until stopped', () => {
    const webApp = createWebApp({ log: () => undefined });
    webApp.configure({
      runtime: { rootUrl: 'http://x', settings: {}, nodeEnv: 'production', testMode: false, clientVersion: 'v' },
      page: { head: '', body: '', stylesheets: [], scripts: [] },
      clientVersions: new Map<ClientArch, ClientVersionRecord>([
        ['web.browser', record('b1')],
        ['web.cordova', record('c1')],
      ]),
    });
    const sub = recorder();
    clientVersionsHandler(webApp, () => undefined).call(sub);
    assert.deepEqual(
      sub.frames.map((f) => f.slice(0, 3)),
      [['added', 'meteor_autoupdate_clientVersions', 'web.browser'], ['added', 'meteor_autoupdate_clientVersions', 'web.cordova'], ['ready']],
    );
    assert.deepEqual(sub.frames[0]?.[3], {
      version: 'b1',
      versionRefreshable: 'b1-css',
      versionNonRefreshable: 'b1-js',
      versionReplaceable: 'b1-js',
      assets: [{ url: '/assets/b1.css' }],
    });
    webApp.setClientVersions('web.cordova', record('c2'));
    assert.deepEqual(sub.frames.at(-1)?.slice(0, 3), ['changed', 'meteor_autoupdate_clientVersions', 'web.cordova']);
    for (const stop of sub.stops) stop();
    webApp.setClientVersions('web.cordova', record('c3'));
    assert.equal(sub.frames.length, 4, 'nothing after stop');
  });

  it('an app id of another app gets nothing; a bad argument is a Match error', () => {
    const webApp = createWebApp({ log: () => undefined });
    const sub = recorder();
    assert.deepEqual(clientVersionsHandler(webApp, () => 'ours').call(sub, 'theirs'), []);
    assert.equal(sub.frames.length, 0);
    assert.throws(() => clientVersionsHandler(webApp, () => 'ours').call(recorder(), { $gt: '' }), /Match/);
  });
});
