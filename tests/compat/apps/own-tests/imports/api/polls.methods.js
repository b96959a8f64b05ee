import { Meteor } from 'meteor/meteor';
import { check, Match } from 'meteor/check';
import { PollsCollection } from './polls';

Meteor.methods({
  async 'polls.vote'(pollId, answer) {
    check(pollId, String);
    check(answer, Match.OneOf('yes', 'no'));
    const updated = await PollsCollection.updateAsync(pollId, { $inc: { [answer]: 1 } });
    if (updated === 0) throw new Meteor.Error('polls.notFound', 'No such poll');
    return updated;
  },
  async 'polls.create'(question) {
    check(question, String);
    if (!this.userId) throw new Meteor.Error('not-authorized', 'Log in to create a poll');
    return PollsCollection.insertAsync({ question, yes: 0, no: 0, owner: this.userId });
  },
});
