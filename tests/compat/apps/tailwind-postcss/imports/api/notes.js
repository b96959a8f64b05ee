import { Meteor } from 'meteor/meteor';
import { Mongo } from 'meteor/mongo';

export const NotesCollection = new Mongo.Collection('notes');

Meteor.methods({
  async 'notes.add'(text) {
    if (typeof text !== 'string' || text.length === 0) throw new Meteor.Error('bad-note', 'A note needs text');
    return NotesCollection.insertAsync({ text, createdAt: new Date() });
  },
});
