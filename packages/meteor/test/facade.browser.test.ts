import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { WebApp } from 'meteor/webapp';
import { Tracker } from 'meteor/tracker';
import { ReactiveVar } from 'meteor/reactive-var';
import { Mongo } from 'meteor/mongo';
import { DDP } from 'meteor/ddp';
import * as accounts from 'meteor/accounts-base';
import * as rateLimiter from 'meteor/ddp-rate-limiter';
import * as reactData from 'meteor/react-meteor-data';
import { fetch as meteorFetch } from 'meteor/fetch';

describe('meteor facade (browser bundle)', () => {
  it('composes Meteor with the DDP client API in the browser', () => {
    assert.equal(Meteor.isClient, true);
    assert.equal(typeof Meteor.subscribe, 'function');
    assert.equal(typeof Meteor.callAsync, 'function');
    assert.equal(typeof Meteor.status, 'function');
  });

  it('makes server-only members fail with a message naming the side', () => {
    // ClientMeteor has no such member; shared code checked as server code can still reach it.
    const asServer = Meteor as unknown as Record<string, (...args: unknown[]) => unknown>;
    assert.throws(() => asServer['publish']?.('messages', () => undefined), /Meteor\.publish is only available on the server/);
    assert.throws(() => WebApp.handlers, /WebApp\.handlers is only available on the server/);
  });

  it('bundles every client-side subpath without Node-only modules', () => {
    assert.equal(typeof Tracker.autorun, 'function');
    assert.equal(new ReactiveVar(1).get(), 1);
    assert.equal(typeof Mongo.Collection, 'function');
    assert.equal(typeof DDP.connect, 'function');
    assert.ok(Object.keys(accounts).length > 0);
    assert.ok(Object.keys(rateLimiter).length > 0);
    assert.equal(typeof reactData.useTracker, 'function');
    assert.equal(typeof meteorFetch, 'function');
  });
});
