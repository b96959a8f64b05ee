import assert from 'assert';
import { Meteor } from 'meteor/meteor';
import { Accounts } from 'meteor/accounts-base';
import { PollsCollection } from './polls';
import './polls.methods';

if (Meteor.isServer) {
  describe('polls (server)', function () {
    beforeEach(async function () {
      await PollsCollection.removeAsync({});
      await PollsCollection.insertAsync({ _id: 'p1', question: 'Tea?', yes: 0, no: 0 });
    });

    it('counts a vote', async function () {
      await Meteor.callAsync('polls.vote', 'p1', 'yes');
      const poll = await PollsCollection.findOneAsync('p1');
      assert.strictEqual(poll.yes, 1);
    });

    it('refuses an unknown answer and an unknown poll', async function () {
      await assert.rejects(Meteor.callAsync('polls.vote', 'p1', 'maybe'), /Match error/);
      await assert.rejects(Meteor.callAsync('polls.vote', 'nope', 'no'), /No such poll/);
    });

    it('creates accounts in the test database', async function () {
      const userId = await Accounts.createUser({ username: `voter${Date.now()}`, password: 'secret123' });
      assert.ok(await Meteor.users.findOneAsync(userId));
    });
  });
}

if (Meteor.isClient) {
  describe('polls (client)', function () {
    it('a signed-out client cannot create a poll', async function () {
      await assert.rejects(Meteor.callAsync('polls.create', 'Coffee?'), /Log in to create a poll/);
    });

    it('signs up, then creates a poll', async function () {
      await new Promise((resolve, reject) => Accounts.createUser({ username: `client${Date.now()}`, password: 'secret123' }, (error) => (error ? reject(error) : resolve())));
      assert.ok(Meteor.userId());
      const id = await Meteor.callAsync('polls.create', 'Coffee?');
      assert.strictEqual(typeof id, 'string');
      await new Promise((resolve) => Meteor.logout(resolve));
    });
  });
}
