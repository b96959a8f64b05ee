import { Meteor } from 'meteor/meteor';
import { Mongo } from 'meteor/mongo';
import { check } from 'meteor/check';

export const CardsCollection = new Mongo.Collection('cards');

Meteor.methods({
  async 'cards.add'(title) {
    check(title, String);
    return CardsCollection.insertAsync({ title, createdAt: new Date() });
  },
});
