import { Things } from '../lib/things';

Meteor.publish('things', () => Things.find());

Meteor.startup(async () => {
  if ((await Things.find().countAsync()) === 0) await Things.insertAsync({ label: 'seed', at: new Date() });
});
