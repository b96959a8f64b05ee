import assert from 'node:assert/strict';
import { Meteor } from 'meteor/meteor';
import { LinksCollection } from '@/api/links';

describe('links (imported through @/ aliases on both sides)', () => {
  it('reaches the collection through the alias', () => {
    assert.equal(LinksCollection.find().count === undefined, false);
  });

  if (Meteor.isClient) {
    it('module-level this is an object in the browser, as under Meteor', async () => {
      const legacy = (await import('@/ui/legacy-this')) as { legacyThisIsObject: boolean };
      assert.equal(legacy.legacyThisIsObject, true);
    });
  }

  if (Meteor.isServer) {
    it('links.add checks and stores a link', async () => {
      await import('@/api/methods');
      const id = await Meteor.callAsync('links.add', 'Guide', 'https://guide.meteor.com');
      assert.equal(typeof id, 'string');
      assert.equal((await LinksCollection.findOneAsync(id as string))?.title, 'Guide');
      await assert.rejects(Meteor.callAsync('links.add', 42, 'x'), /Match error/);
    });
  }
});
