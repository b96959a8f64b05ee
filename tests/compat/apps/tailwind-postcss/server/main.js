import { Meteor } from 'meteor/meteor';
import { NotesCollection } from '/imports/api/notes';

Meteor.publish('notes', () => NotesCollection.find());
