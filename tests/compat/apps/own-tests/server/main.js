import { Meteor } from 'meteor/meteor';
import { PollsCollection } from '/imports/api/polls';
import '/imports/api/polls.methods';

Meteor.publish('polls', () => PollsCollection.find());

Meteor.startup(async () => {
  if (!(await PollsCollection.findOneAsync('lunch'))) {
    await PollsCollection.insertAsync({ _id: 'lunch', question: 'Pizza for lunch?', yes: 0, no: 0 });
  }
});
