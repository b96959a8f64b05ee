import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { CardsCollection } from './cards';

describe('cards', () => {
  it('cards.add stores a card and refuses a non-string title', async () => {
    const id = await Meteor.callAsync('cards.add', 'Plan');
    if (Meteor.isServer) assert.equal((await CardsCollection.findOneAsync(id)).title, 'Plan');
    await assert.rejects(Meteor.callAsync('cards.add', 7), /Match (failed|error)/);
  });
});
