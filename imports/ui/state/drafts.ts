import { ReactiveDict } from 'meteor/reactive-dict';
import { Reload } from 'meteor/reload';

/** Reload migration names: the state a hot code push reload carries to the new page. */
const DRAFTS_MIGRATION = 'perseid-drafts';
const ROUTE_MIGRATION = 'perseid-route';

/** Drafts saved by the page before a hot code push reload (storage is untrusted: strings only). */
function migratedDrafts(): Record<string, string> {
  const data = Reload._migrationData(DRAFTS_MIGRATION);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
  return Object.fromEntries(Object.entries(data).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
}

/** Unsent composer text per channel (and per thread), kept while the user moves around and across a hot code push. */
export const drafts = new ReactiveDict<Record<string, string>>(migratedDrafts());
Reload._onMigrate(DRAFTS_MIGRATION, () => [true, drafts.all()]);

// The open channel lives in the location hash, which a reload keeps; a Cordova reload starts
// from the app's start page, so the hash travels with the migration too.
const migratedRoute = Reload._migrationData(ROUTE_MIGRATION);
if (typeof migratedRoute === 'string' && migratedRoute.startsWith('#/') && location.hash === '') location.hash = migratedRoute;
Reload._onMigrate(ROUTE_MIGRATION, () => [true, location.hash]);

export function draftKey(channelId: string, threadId: string | null): string {
  return threadId === null ? channelId : `${channelId}/${threadId}`;
}
