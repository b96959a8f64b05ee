import { PerseidMongoError } from './mongo-errors';
import { RemoteCollectionDriver } from './remote-collection-driver';

let defaultDriver: RemoteCollectionDriver | null = null;
let shutdownHooked = false;

/**
 * The process's one connection, from MONGO_URL, created on first use and closed when the
 * process is asked to stop (the boot normally closes it first through `close()`).
 */
export function defaultRemoteCollectionDriver(): RemoteCollectionDriver {
  if (defaultDriver) return defaultDriver;
  const url = process.env['MONGO_URL'];
  if (!url) {
    throw new PerseidMongoError('mongo.no-database', 'MONGO_URL is not set: start minimongod or point MONGO_URL at MongoDB');
  }
  defaultDriver = new RemoteCollectionDriver(url);
  if (!shutdownHooked) {
    shutdownHooked = true;
    process.once('beforeExit', () => void closeDefaultRemoteCollectionDriver());
  }
  return defaultDriver;
}

export async function closeDefaultRemoteCollectionDriver(): Promise<void> {
  const driver = defaultDriver;
  defaultDriver = null;
  if (driver) await driver.close();
}
