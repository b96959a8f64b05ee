import { Reload } from '@perseid/reload';
import { installDictReloadMigration } from './reload-migration';

installDictReloadMigration(Reload);

export { ReactiveDict } from './reactive-dict';
export { dictMigrationData, loadDictMigrationData, type SerializedDict } from './dict-migration';
