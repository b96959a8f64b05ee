/**
 * `meteor_autoupdate_clientVersions`: one document per client arch (`web.browser`,
 * `web.cordova`) with its `version`, `versionRefreshable`, `versionNonRefreshable`,
 * `versionReplaceable` and the refreshable `assets`, as Meteor publishes them. Versions replaced
 * while the server runs (a client rebuilt by `meteor run`) reach every subscriber as `changed`.
 * A mobile app built for another app id (`appId` argument) gets nothing, as in Meteor.
 */
import { check, Match } from '@perseid/check';
import type { ClientArch, ClientVersionRecord } from '@perseid/webapp';
import { CLIENT_VERSIONS_COLLECTION } from './client-version-decision';

export interface VersionSource {
  clientVersions(): ReadonlyMap<ClientArch, ClientVersionRecord>;
  watchClientVersions(callback: (arch: ClientArch, record: ClientVersionRecord) => void): { stop(): void };
}

/** What the handler needs of a subscription (ddp-server's Subscription has it). */
export interface VersionsSubscription {
  added(collection: string, id: string, fields: Record<string, unknown>): void;
  changed(collection: string, id: string, fields: Record<string, unknown>): void;
  ready(): void;
  onStop(callback: () => void): void;
}

function fieldsOf(record: ClientVersionRecord): Record<string, unknown> {
  return {
    version: record.version,
    versionRefreshable: record.versionRefreshable,
    versionNonRefreshable: record.versionNonRefreshable,
    versionReplaceable: record.versionReplaceable,
    assets: record.assets.map((a) => ({ url: a.url })),
  };
}

export function clientVersionsHandler(source: VersionSource, appId: () => string | undefined) {
  return function publishClientVersions(this: VersionsSubscription, requestedAppId?: unknown): unknown[] | undefined {
    check(requestedAppId, Match.OneOf(String, undefined, null));
    const ours = appId();
    if (ours !== undefined && typeof requestedAppId === 'string' && requestedAppId !== ours) return [];
    const sent = new Set<ClientArch>();
    for (const [arch, record] of source.clientVersions()) {
      this.added(CLIENT_VERSIONS_COLLECTION, arch, fieldsOf(record));
      sent.add(arch);
    }
    const watch = source.watchClientVersions((arch, record) => {
      if (sent.has(arch)) this.changed(CLIENT_VERSIONS_COLLECTION, arch, fieldsOf(record));
      else {
        sent.add(arch);
        this.added(CLIENT_VERSIONS_COLLECTION, arch, fieldsOf(record));
      }
    });
    this.onStop(() => watch.stop());
    this.ready();
    return undefined;
  };
}
