'use strict';
const { Meteor } = require('meteor/meteor');
const { Mongo } = require('meteor/mongo');

const Entries = new Mongo.Collection('guestbook');

Meteor.methods({
  'guestbook.sign'(name) {
    if (typeof name !== 'string' || name.trim() === '') throw new Meteor.Error('guestbook.name', 'A name is required');
    return Entries.insertAsync({ name: name.trim(), signedAt: new Date() });
  },
});

if (Meteor.isServer) {
  Meteor.publish('guestbook', function () {
    return Entries.find({}, { sort: { signedAt: 1 } });
  });
}

module.exports = { Entries, meteorInstance: Meteor };
