import assert from 'assert';
import { Meteor } from 'meteor/meteor';

describe('compat-react-accounts', function () {
  it('runs on both sides', function () {
    assert.strictEqual(Meteor.isClient, !Meteor.isServer);
  });

  if (Meteor.isServer) {
    it('refuses an anonymous insert and stores a task', async function () {
      const { TasksCollection } = await import('/imports/api/tasks');
      await import('/imports/api/tasksMethods');
      await assert.rejects(Meteor.callAsync('tasks.insert', { text: 'anonymous' }), /not-authorized/);
      const id = await TasksCollection.insertAsync({ text: 'from the test', createdAt: new Date() });
      assert.strictEqual((await TasksCollection.findOneAsync(id)).text, 'from the test');
    });
  }
});
