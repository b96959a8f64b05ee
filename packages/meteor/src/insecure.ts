/**
 * `meteor/insecure`: loaded on the server before the app's modules when the app lists insecure
 * in `.meteor/packages`; clients may then write to every collection that declares no allow/deny
 * rules. Development servers say so once at start-up.
 */
import { enableInsecurePackage, INSECURE_WARNING } from '@perseid/collection-security';
import { Meteor } from '@perseid/meteor-core';

enableInsecurePackage();
if (Meteor.isDevelopment && !Meteor.isTest) Meteor.startup(() => console.warn(INSECURE_WARNING));
