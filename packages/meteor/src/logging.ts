/** `meteor/logging`: Meteor's `Log` (see @perseid/meteor-core's log.ts for the line format). */
export { Log } from '@perseid/meteor-core';
export type { LogLevel, LogRecord } from '@perseid/meteor-core';
