import { Meteor } from 'meteor/meteor';
import { TasksCollection } from './tasks';

// Arguments deliberately unchecked, as in Meteor's own tutorial before it adds check().
Meteor.methods({
  'tasks.insert'(doc) {
    if (!this.userId) throw new Meteor.Error('not-authorized');
    return TasksCollection.insertAsync({ ...doc, userId: this.userId, createdAt: new Date() });
  },
  'tasks.setIsChecked'({ taskId, isChecked }) {
    return TasksCollection.updateAsync(taskId, { $set: { isChecked } });
  },
});
