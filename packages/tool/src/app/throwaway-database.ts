import { MongoClient } from 'mongodb';
import { redactUrlCredentials } from '@perseid/ddp-server';

/**
 * `MONGO_URL` with its database name replaced, so `meteor test` against a user's MongoDB never
 * touches the app's own data: `mongodb://h:1/app?x=1` → `mongodb://h:1/<name>?x=1`.
 */
export function throwawayDatabaseUrl(mongoUrl: string, name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?(\?.*)?$/.exec(mongoUrl);
  if (match === null) throw new Error(`MONGO_URL is not a mongodb:// URL: ${redactUrlCredentials(mongoUrl)}`);
  return `${match[1]}/${name}${match[3] ?? ''}`;
}

/**
 * Drops the database a test run used on the user's server. Never throws: a server that went
 * away must not turn a finished test run into a failure, so the outcome is returned for the log.
 */
export async function dropThrowawayDatabase(url: string, timeoutMs = 5_000): Promise<{ dropped: true } | { dropped: false; reason: string }> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    await client.db().dropDatabase();
    return { dropped: true };
  } catch (error) {
    return { dropped: false, reason: redactUrlCredentials(error instanceof Error ? error.message : String(error)) };
  } finally {
    await client.close().catch(() => undefined);
  }
}
