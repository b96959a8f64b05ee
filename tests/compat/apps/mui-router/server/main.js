import { Meteor } from 'meteor/meteor';
import { CardsCollection } from '/imports/api/cards';

Meteor.publish('cards', function () {
  return CardsCollection.find({}, { sort: { createdAt: 1 } });
});
