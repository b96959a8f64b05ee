/**
 * @perseid/reload: Meteor's `reload` package (`Reload._onMigrate`, `_migrationData`, `_reload`)
 * over the page's sessionStorage and location (on Cordova, switching to the version hot code push
 * downloaded right before the page reloads). Where there is no page (Node), migration data is
 * never saved and `_reload` has nothing to reload.
 */
import { _debug, Meteor } from '@perseid/meteor-core';
import { pageNavigation } from './page-navigation';
import type { ReloadStorage } from './reload';
import { createReload } from './reload';

export { pageNavigation } from './page-navigation';
export type { PageNavigationDeps, PendingVersionSwitch } from './page-navigation';
export { createReload, RELOAD_STORAGE_KEY } from './reload';
export type { MigrateOptions, MigrationProvider, MigrationStatus, Reload as ReloadApi, ReloadDeps, ReloadStorage } from './reload';

/** sessionStorage when it exists and works (it throws in some locked-down browsers). */
function pageStorage(): ReloadStorage | undefined {
  try {
    const storage = (globalThis as { sessionStorage?: ReloadStorage }).sessionStorage;
    if (storage === undefined) return undefined;
    storage.setItem('__perseid_reload_probe__', '1');
    storage.removeItem('__perseid_reload_probe__');
    return storage;
  } catch {
    return undefined;
  }
}

export const Reload = createReload({
  storage: pageStorage(),
  navigate: pageNavigation({
    isCordova: Meteor.isCordova,
    plugin: () => (globalThis as { WebAppLocalServer?: unknown }).WebAppLocalServer,
    reloadPage: () => {
      const page = globalThis as { location?: { reload(): void } };
      page.location?.reload();
    },
    debug: (message, ...rest) => _debug(message, ...rest),
  }),
  defer: (fn) => void setTimeout(fn, 0),
  debug: (message, ...rest) => _debug(message, ...rest),
});
