import { Things } from '../lib/things';

Meteor.startup(() => {
  Meteor.subscribe('things');
  Tracker.autorun(() => {
    document.getElementById('out').textContent = `things: ${Things.find().count()}`;
  });
  document.getElementById('add').addEventListener('click', () => Meteor.callAsync('things.add', 'clicked'));
});
