import { Meteor } from 'meteor/meteor';
import { Accounts } from 'meteor/accounts-base';
import { TasksCollection } from '/imports/api/tasks';
import '/imports/api/tasksMethods';
import '/imports/api/tasksPublications';

Meteor.startup(async () => {
  for (const username of ['meteorite', 'asteroid']) {
    if (!(await Accounts.findUserByUsername(username))) {
      await Accounts.createUser({ username, password: 'password' });
    }
  }
  await TasksCollection.createIndexAsync({ createdAt: -1 });
});
