import assert from 'node:assert/strict';
import { MeteorError } from '@perseid/meteor-core';
import {
  allowWrites,
  denyWrites,
  installCollectionSecurity,
  registerServerCollection,
  uninstallCollectionSecurityForTests,
} from './server-collection-security';
import type { MutableCollection, MutationMethod } from './mutation-methods';

function fakeCollection(name: string): MutableCollection & { inserted: unknown[] } {
  const inserted: unknown[] = [];
  return {
    _name: name,
    inserted,
    findOneAsync: async () => undefined,
    insertAsync: async (doc) => {
      inserted.push(doc);
      return doc._id;
    },
    updateAsync: async () => 0,
    removeAsync: async () => 0,
  };
}

describe('server collection security hook', () => {
  afterEach(() => uninstallCollectionSecurityForTests());

  it('registers mutation methods for collections made before install, with rules added any time', async () => {
    const methods: Record<string, MutationMethod> = {};
    const early = fakeCollection('early');
    registerServerCollection(early);
    allowWrites(early, { insert: () => true });
    denyWrites(early, { insert: (_u, doc) => doc.blocked === true });
    const registrar = { methods: (map: Record<string, MutationMethod>) => void Object.assign(methods, map) };
    installCollectionSecurity(registrar);
    installCollectionSecurity(registrar);
    const late = fakeCollection('late');
    registerServerCollection(late);
    registerServerCollection(late);
    assert.deepEqual(
      Object.keys(methods)
        .filter((k) => k.endsWith('Async'))
        .sort(),
      ['/early/insertAsync', '/early/removeAsync', '/early/updateAsync', '/late/insertAsync', '/late/removeAsync', '/late/updateAsync'],
    );
    await methods['/early/insertAsync']?.call({ userId: 'u' }, { _id: 'a' });
    assert.deepEqual(early.inserted, [{ _id: 'a' }]);
    await assert.rejects(
      Promise.resolve(methods['/early/insertAsync']?.call({ userId: 'u' }, { _id: 'b', blocked: true })),
      (e: unknown) => e instanceof MeteorError && e.error === 403,
    );
    await assert.rejects(Promise.resolve(methods['/late/insertAsync']?.call({ userId: 'u' }, { _id: 'c' })), /No allow validators/);
    assert.throws(() => installCollectionSecurity({ methods: () => undefined }), /already installed on another/);
  });

  it('gives a second collection object of the same name no methods instead of failing the install', () => {
    const names: string[] = [];
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      registerServerCollection(fakeCollection('twice'));
      registerServerCollection(fakeCollection('twice'));
      installCollectionSecurity({ methods: (map) => void names.push(...Object.keys(map)) });
    } finally {
      console.warn = warn;
    }
    assert.equal(names.filter((n) => n === '/twice/insertAsync').length, 1);
  });
});
