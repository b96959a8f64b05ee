import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { NotesCollection } from './notes';

describe('notes', () => {
  if (Meteor.isServer) {
    it('stores a note and refuses an empty one with a Meteor.Error', async () => {
      const id = await Meteor.callAsync('notes.add', 'first');
      assert.equal((await NotesCollection.findOneAsync(id)).text, 'first');
      await assert.rejects(Meteor.callAsync('notes.add', ''), /A note needs text/);
    });
  }
  if (Meteor.isClient) {
    it('the server refuses an empty note from the client with its reason', async () => {
      await assert.rejects(Meteor.callAsync('notes.add', ''), /A note needs text/);
    });
  }
});
