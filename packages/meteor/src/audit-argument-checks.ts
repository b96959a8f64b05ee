/**
 * `meteor/audit-argument-checks`: loaded on the server, before the app's modules, when the app
 * lists audit-argument-checks in `.meteor/packages`; from then on `Meteor.methods` fails a call
 * whose handler did not pass every argument to `check` (Meteor's rule: by identity, or as
 * elements of a checked array).
 */
import { enableArgumentAuditPackage } from '@perseid/collection-security';

enableArgumentAuditPackage();
