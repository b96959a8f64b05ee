import assert from 'node:assert/strict';
import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { startMinimongod, type MinimongodHandle } from '@perseid/minimongod';
import { installDriverWriteGuard } from './driver-write-guard';
import { RemoteCollectionDriver } from './remote-collection-driver';

describe('driver write guard', function () {
  // A command the driver never settles fails the test by this bound.
  this.timeout(30_000);
  let db: MinimongodHandle;
  let driver: RemoteCollectionDriver;

  beforeEach(async () => {
    db = await startMinimongod({ port: 0, quiet: true });
    driver = new RemoteCollectionDriver(`${db.url}`, { log: () => undefined, clientOptions: { serverSelectionTimeoutMS: 2_000 } });
    // A pool of idle connections for the commands below to pick.
    await Promise.all(Array.from({ length: 10 }, (_, i) => driver.rawCollection('items').insertOne({ i })));
  });

  afterEach(async () => {
    await driver.client.close(true).catch(() => undefined);
    await db.stop();
  });

  it('is installed on the driver in use', () => {
    assert.equal(installDriverWriteGuard(), 'installed');
  });

  it('every command issued while the database closes its connections settles, as a connection loss', async () => {
    // One command per event-loop turn: some land in the turn where Node has destroyed a
    // socket on reading its end but not yet told the driver (the close phase comes last).
    const outcomes: Promise<unknown>[] = [];
    let issuing = true;
    const issue = (): void => {
      outcomes.push(
        driver
          .rawCollection('items')
          .findOne({})
          .then(
            () => 'found',
            (error: unknown) => error,
          ),
      );
      if (issuing) setImmediate(issue);
    };
    setImmediate(issue);
    await db.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    issuing = false;
    const settled = await Promise.all(outcomes);
    const failures = settled.filter((o) => o !== 'found');
    assert.ok(failures.length > 0, 'some commands met the stopped database');
    const unexplained = failures.filter((e) => !(e instanceof MongoNetworkError || e instanceof MongoServerSelectionError));
    assert.deepEqual(unexplained.map(String), [], 'each failure is a MongoNetworkError or a server selection error');
  });
});
