/**
 * Named dicts survive a hot code push reload, as in Meteor: their contents go through the
 * `reactive-dict` migration of `Reload` and come back in the new page's dicts of the same name.
 */
import { _debug } from '@perseid/meteor-core';
import type { ReloadApi } from '@perseid/reload';
import { dictMigrationData, loadDictMigrationData } from './dict-migration';

export const DICT_MIGRATION_NAME = 'reactive-dict';

/** Loads what the previous page saved (before any named dict is made) and saves on the next reload. */
export function installDictReloadMigration(reload: ReloadApi): void {
  const saved = reload._migrationData(DICT_MIGRATION_NAME);
  if (saved !== undefined) {
    try {
      loadDictMigrationData(saved);
    } catch (error) {
      _debug('Ignoring reactive-dict reload data', error);
    }
  }
  reload._onMigrate(DICT_MIGRATION_NAME, () => [true, dictMigrationData()]);
}
