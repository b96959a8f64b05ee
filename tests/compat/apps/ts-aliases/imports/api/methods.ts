import { Meteor } from 'meteor/meteor';
import { check } from 'meteor/check';
import { LinksCollection } from '@/api/links';

Meteor.methods({
  async 'links.add'(title: unknown, url: unknown) {
    check(title, String);
    check(url, String);
    return LinksCollection.insertAsync({ title, url, createdAt: new Date() });
  },
});
