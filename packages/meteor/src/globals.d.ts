/**
 * Globals that enabled `.meteor/packages` entries define for app code, as in Meteor. Explicit
 * `import { Meteor } from 'meteor/meteor'` stays the recommended style; these declarations make
 * the global form typecheck too.
 */
declare global {
  var Meteor: typeof import('meteor/meteor').Meteor;
  var WebApp: typeof import('meteor/webapp').WebApp;
  var DDP: typeof import('meteor/ddp').DDP;
  var Mongo: typeof import('meteor/mongo').Mongo;
  var Tracker: typeof import('meteor/tracker').Tracker;
  var ReactiveVar: typeof import('meteor/reactive-var').ReactiveVar;
  var ReactiveDict: typeof import('meteor/reactive-dict').ReactiveDict;
  var EJSON: typeof import('meteor/ejson').EJSON;
  var Random: typeof import('meteor/random').Random;
  var check: typeof import('meteor/check').check;
  var Match: typeof import('meteor/check').Match;
  var Accounts: typeof import('meteor/accounts-base').Accounts;
  var DDPRateLimiter: typeof import('meteor/ddp-rate-limiter').DDPRateLimiter;
}

export {};
