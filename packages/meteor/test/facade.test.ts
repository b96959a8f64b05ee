import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Meteor } from 'meteor/meteor';
import { WebApp } from 'meteor/webapp';
import { EJSON } from 'meteor/ejson';
import { Random } from 'meteor/random';
import { check, Match } from 'meteor/check';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };

describe('meteor facade (Node)', () => {
  it('composes Meteor with the DDP server API on the server', () => {
    assert.equal(Meteor.isServer, true);
    assert.equal(typeof Meteor.methods, 'function');
    assert.equal(typeof Meteor.publish, 'function');
    assert.equal(typeof Meteor.callAsync, 'function');
    assert.equal(typeof Meteor.startup, 'function');
    assert.ok(Meteor.server);
  });

  it('makes client-only members fail with a message naming the side', () => {
    // ServerMeteor has no such members; shared code checked as client code can still reach them.
    const asClient = Meteor as unknown as Record<string, (...args: unknown[]) => unknown>;
    assert.throws(() => asClient['subscribe']?.('messages'), /Meteor\.subscribe is only available on the client/);
    assert.throws(() => asClient['call']?.('x'), /use `await Meteor\.callAsync/);
  });

  it('lets enabled packages extend Meteor, keeping getters', () => {
    let reads = 0;
    Meteor.extend({
      get facadeTestValue() {
        reads++;
        return 42;
      },
    });
    assert.equal(Reflect.get(Meteor, 'facadeTestValue'), 42);
    assert.equal(Reflect.get(Meteor, 'facadeTestValue'), 42);
    assert.equal(reads, 2);
  });

  it('re-exports the concern packages', () => {
    assert.equal(typeof WebApp.handlers.get, 'function');
    assert.equal(EJSON.stringify({ d: new Date(0) }), '{"d":{"$date":0}}');
    assert.equal(Random.id().length, 17);
    assert.throws(() => check(1, String), Match.Error);
  });

  it('every subpath export loads on Node', async function () {
    // First load of accounts (argon2), mongo (driver) and friends is slow on a busy machine.
    this.timeout(60_000);
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json');
    assert.ok(subpaths.length >= 15, subpaths.join(', '));
    // Packages Meteor loads for their effect alone (they switch something on) export nothing.
    const effectOnly = new Set(['./audit-argument-checks', './autopublish', './insecure', './accounts-passwordless', './force-ssl']);
    for (const subpath of subpaths) {
      const mod = (await import(`meteor/${subpath.slice(2)}`)) as Record<string, unknown>;
      if (effectOnly.has(subpath)) continue;
      assert.ok(Object.keys(mod).length > 0, `meteor/${subpath.slice(2)} exports something`);
    }
  });
});
