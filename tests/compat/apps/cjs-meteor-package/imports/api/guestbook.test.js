import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { Entries, meteorInstance } from 'compat-guestbook';

describe('a CommonJS npm package that requires meteor/*', () => {
  it('sees the same Meteor as the app', () => {
    assert.equal(meteorInstance, Meteor);
  });

  it("its method is reachable through the app's Meteor", async () => {
    const id = await Meteor.callAsync('guestbook.sign', ' Ada ');
    if (Meteor.isServer) assert.equal((await Entries.findOneAsync(id)).name, 'Ada');
    await assert.rejects(Meteor.callAsync('guestbook.sign', ''), /A name is required/);
  });
});
