import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { ItemsCollection } from './items';

describe('items with autopublish + insecure', () => {
  if (Meteor.isServer) {
    it('the server stores items', async () => {
      const id = await ItemsCollection.insertAsync({ name: 'bread', bought: false });
      assert.equal((await ItemsCollection.findOneAsync(id)).name, 'bread');
    });
  }
  if (Meteor.isClient) {
    it('a client writes without any allow rule, and reads without subscribing', async () => {
      const id = await ItemsCollection.insertAsync({ name: 'milk', bought: false });
      await ItemsCollection.updateAsync(id, { $set: { bought: true } });
      assert.equal(ItemsCollection.findOne(id).bought, true);
    });
  }
});
