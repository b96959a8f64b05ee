/** `meteor/reload`: Meteor's migrating reload (`Reload._onMigrate`, `_migrationData`, `_reload`). */
export * from '@perseid/reload';
