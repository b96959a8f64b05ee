/**
 * Writes through a server Collection while the database (a real minimongod with its data on
 * disk) is away: inserts (repeatable by their _id) wait for it and succeed once, updates and
 * removes fail at once with the stable `database-unavailable` Meteor.Error, and an insert that
 * outlasts the retry budget fails with it too. Never a hang, never a driver error.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeteorError } from '@perseid/meteor-core';
import { startMinimongod, type MinimongodHandle } from '@perseid/minimongod';
import { Collection } from './collection';
import { DATABASE_UNAVAILABLE } from './connection-loss';
import { RemoteCollectionDriver } from './remote-collection-driver';

const isUnavailable = (error: unknown): boolean => error instanceof MeteorError && error.error === DATABASE_UNAVAILABLE;

describe('server collection writes during a database outage', function () {
  this.timeout(60_000);
  let dir: string;
  let db: MinimongodHandle | undefined;
  let driver: RemoteCollectionDriver;
  let items: Collection<{ _id: string; n: number }>;

  async function openDriver(writeRetryMs: number): Promise<void> {
    driver = new RemoteCollectionDriver((db as MinimongodHandle).url, { log: () => undefined, writeRetryMs, clientOptions: { serverSelectionTimeoutMS: 500 } });
    items = new Collection('items', { _driver: driver, defineMutationMethods: false });
    await items.insertAsync({ _id: 'a', n: 1 });
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'perseid-outage-'));
    db = await startMinimongod({ port: 0, dbPath: dir, quiet: true });
  });

  afterEach(async () => {
    await driver.close();
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an insert waits for the database and is stored once; an update and a remove fail with database-unavailable', async () => {
    await openDriver(30_000);
    const port = (db as MinimongodHandle).port;
    await db?.stop();
    const inserted = items.insertAsync({ _id: 'b', n: 2 });
    await assert.rejects(items.updateAsync('a', { $set: { n: 10 } }), isUnavailable);
    await assert.rejects(items.removeAsync('a'), isUnavailable);
    db = await startMinimongod({ port, dbPath: dir, quiet: true });
    assert.equal(await inserted, 'b');
    assert.deepEqual(await items.find({}, { sort: { _id: 1 } }).fetchAsync(), [
      { _id: 'a', n: 1 },
      { _id: 'b', n: 2 },
    ]);
  });

  it('an insert that outlasts the retry budget fails with database-unavailable, saying it was not applied', async () => {
    await openDriver(1_500);
    await db?.stop();
    db = undefined;
    await assert.rejects(
      items.insertAsync({ _id: 'c', n: 3 }),
      (error: unknown) => isUnavailable(error) && /not applied/.test((error as MeteorError).reason ?? ''),
    );
  });
});
