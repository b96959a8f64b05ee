import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startDevDatabase } from './dev-database';

type Started = Extract<Awaited<ReturnType<typeof startDevDatabase>>, { state: 'started' }>;

async function start(dbPath: string | undefined): Promise<Started> {
  const db = await startDevDatabase({ ...process.env, MONGO_URL: '' }, process.cwd(), 0, dbPath);
  assert.equal(db.state, 'started', db.state === 'unavailable' ? db.reason : '');
  return db as Started;
}

async function insertInto(url: string): Promise<void> {
  const client = new MongoClient(url);
  try {
    await client.db().collection('things').insertOne({ kept: true });
  } finally {
    await client.close();
  }
}

describe('development database (real minimongod child)', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'perseid-dev-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the database "meteor", as Meteor does, on disk and in memory', async () => {
    for (const path of [join(dir, 'db'), undefined]) {
      const db = await start(path);
      try {
        assert.match(db.url, /^mongodb:\/\/127\.0\.0\.1:\d+\/meteor\?replicaSet=rs0$/);
        assert.equal(db.notice, undefined);
      } finally {
        await db.stop();
      }
    }
  });

  it('keeps a dev database whose data is under "test" on that name, with a notice, until it is reset', async () => {
    const first = await start(join(dir, 'db'));
    try {
      await insertInto(first.url.replace('/meteor?', '/test?'));
    } finally {
      await first.stop();
    }
    const again = await start(join(dir, 'db'));
    try {
      assert.match(again.url, /\/test\?replicaSet=rs0$/);
      assert.match(again.notice ?? '', /database "test".*meteor reset/);
      const client = new MongoClient(again.url);
      try {
        assert.equal(await client.db().collection('things').countDocuments({ kept: true }), 1, 'the earlier data is reachable');
      } finally {
        await client.close();
      }
    } finally {
      await again.stop();
    }
  });
});
