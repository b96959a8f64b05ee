import { Meteor } from 'meteor/meteor';
import { LinksCollection } from '@/api/links';
import '@/api/methods';

Meteor.publish('links', () => LinksCollection.find({}, { sort: { createdAt: 1 } }));

Meteor.startup(async () => {
  if ((await LinksCollection.find().countAsync()) === 0) {
    await LinksCollection.insertAsync({ title: 'Meteor Docs', url: 'https://docs.meteor.com', createdAt: new Date() });
  }
});
