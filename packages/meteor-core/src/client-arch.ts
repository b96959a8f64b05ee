/**
 * The client architecture this bundle was built for, as Meteor names it. The build picks the
 * file: `client-arch.cordova.ts` under the `cordova` export condition (the `web.cordova`
 * program inside a phone's Cordova shell), this one everywhere else, so `Meteor.isCordova` is
 * fixed per bundle and a page cannot claim it.
 */
export type ClientArch = 'web.browser' | 'web.cordova';

export const CLIENT_ARCH: ClientArch = 'web.browser';
