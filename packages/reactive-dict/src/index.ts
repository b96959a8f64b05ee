export { ReactiveDict } from './reactive-dict';
export { dictMigrationData, loadDictMigrationData, type SerializedDict } from './dict-migration';
