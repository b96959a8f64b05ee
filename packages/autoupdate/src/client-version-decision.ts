/**
 * What a client does when the server publishes its arch's versions (Meteor's autoupdate):
 * a new non-refreshable version means a reload; a new refreshable (CSS) version alone means
 * swapping the stylesheets in place; anything else means nothing.
 */
export const CLIENT_VERSIONS_COLLECTION = 'meteor_autoupdate_clientVersions';

export interface PublishedVersions {
  readonly arch: string;
  readonly version: string;
  readonly versionRefreshable: string;
  readonly versionNonRefreshable: string;
  readonly assets: readonly { readonly url: string }[];
}

export interface RunningVersions {
  readonly version: string;
  readonly versionRefreshable: string;
  readonly versionNonRefreshable: string;
}

export type BrowserUpdate = { readonly kind: 'none' } | { readonly kind: 'reload' } | { readonly kind: 'stylesheets'; readonly urls: readonly string[] };

/** A published document, or undefined when it is not one (a document is data from a socket). */
export function parsePublishedVersions(id: string, fields: unknown): PublishedVersions | undefined {
  if (typeof fields !== 'object' || fields === null) return undefined;
  const r = fields as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof r[k] === 'string' ? r[k] : undefined);
  const version = str('version');
  const versionRefreshable = str('versionRefreshable');
  const versionNonRefreshable = str('versionNonRefreshable');
  if (version === undefined || versionRefreshable === undefined || versionNonRefreshable === undefined) return undefined;
  const assets = Array.isArray(r['assets'])
    ? (r['assets'] as unknown[]).flatMap((a) =>
        typeof a === 'object' && a !== null && typeof (a as Record<string, unknown>)['url'] === 'string' ? [{ url: (a as { url: string }).url }] : [],
      )
    : [];
  return { arch: id, version, versionRefreshable, versionNonRefreshable, assets };
}

export function browserUpdate(running: RunningVersions, published: PublishedVersions): BrowserUpdate {
  if (published.versionNonRefreshable !== running.versionNonRefreshable) return { kind: 'reload' };
  if (published.versionRefreshable !== running.versionRefreshable) return { kind: 'stylesheets', urls: published.assets.map((a) => a.url) };
  return { kind: 'none' };
}
