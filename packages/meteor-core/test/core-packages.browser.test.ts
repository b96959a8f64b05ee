import assert from 'node:assert/strict';
import { Meteor, EnvironmentVariable, bindEnvironment } from '@perseid/meteor-core';
import { EJSON, ObjectID } from '@perseid/ejson';
import { Random, RandomStream } from '@perseid/random';
import { check, Match } from '@perseid/check';
import { Tracker } from '@perseid/tracker';
import { ReactiveVar } from '@perseid/reactive-var';
import { ReactiveDict } from '@perseid/reactive-dict';

// The core utility packages as the client bundle sees them: bundled with the `browser`
// condition (so no node:* module may be reached), run in headless Chromium.

const nextMacrotask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('core packages in the browser', () => {
  it('Meteor knows it is the client and holds only public settings', () => {
    assert.equal(Meteor.isClient, true);
    assert.equal(Meteor.isServer, false);
    assert.deepEqual(Object.keys(Meteor.settings), ['public']);
    assert.equal(Meteor.absoluteUrl('x'), `${location.origin}/x`);
  });

  it("Meteor._localStorage (Meteor's localstorage package) reads and writes the page's localStorage", () => {
    Meteor._localStorage.setItem('perseid-test-key', 'v1');
    assert.equal(localStorage.getItem('perseid-test-key'), 'v1');
    localStorage.setItem('perseid-test-key', 'v2');
    assert.equal(Meteor._localStorage.getItem('perseid-test-key'), 'v2');
    Meteor._localStorage.removeItem('perseid-test-key');
    assert.equal(localStorage.getItem('perseid-test-key'), null);
    assert.equal(Meteor._localStorage.getItem('perseid-test-key'), null);
  });

  it('Meteor.startup runs at once, the DOM being ready', () => {
    let ran = false;
    Meteor.startup(() => {
      ran = true;
    });
    assert.equal(ran, true);
  });

  it('EnvironmentVariable uses the synchronous scope and Meteor.setTimeout carries it', async () => {
    const user = new EnvironmentVariable<string>();
    const seen = await new Promise((resolve) => {
      user.withValue('alice', () => Meteor.setTimeout(() => resolve(user.get()), 0));
    });
    assert.equal(seen, 'alice');
    assert.equal(bindEnvironment(() => 1)(), 1);
  });

  it("Random is crypto-backed and the seeded sequence equals Meteor's", () => {
    assert.match(Random.id(), /^[23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz]{17}$/);
    assert.equal(Random.secret().length, 43);
    assert.equal(Random.createWithSeeds(0).id(), 'cp9hWvhg8GSvuZ9os');
    const scope = { randomSeed: 'seed' };
    assert.equal(RandomStream.get(scope, '/collection/x').id(), Random.createWithSeeds('seed', '/collection/x').id());
  });

  it('EJSON round-trips dates, binary and ObjectIDs without Node buffers', () => {
    const value = { when: new Date(1), bytes: new Uint8Array([0, 255]), id: new ObjectID('0123456789abcdef01234567') };
    const text = EJSON.stringify(value);
    assert.equal(text, '{"when":{"$date":1},"bytes":{"$binary":"AP8="},"id":{"$type":"oid","$value":"0123456789abcdef01234567"}}');
    assert.ok(EJSON.equals(EJSON.parse(text), value));
  });

  it('check reports the failing path', () => {
    assert.throws(() => check({ a: { b: [1] } }, { a: { b: [String] } }), /Match error: Expected string, got number in field a\.b\[0\]/);
    assert.equal(Match.test('x', Match.OneOf(String, Number)), true);
  });

  it('Tracker flushes by itself; ReactiveVar and ReactiveDict drive autoruns', async () => {
    const name = new ReactiveVar('a');
    const dict = new ReactiveDict();
    dict.set('n', 1);
    const seen: string[] = [];
    const c = Tracker.autorun(() => {
      seen.push(`${name.get()}${String(dict.get('n'))}`);
    });
    name.set('b');
    dict.set('n', 2);
    await nextMacrotask();
    assert.deepEqual(seen, ['a1', 'b2'], 'both changes in one flush');
    c.stop();
    dict.destroy();
  });
});
