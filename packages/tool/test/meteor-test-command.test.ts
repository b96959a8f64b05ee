import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startMinimongod } from '@perseid/minimongod';
import { cleanEnv, copyFixtureApp, METEOR_BIN, startCommand } from './fixture-app';

let app: ReturnType<typeof copyFixtureApp>;

async function meteor(args: string[]): Promise<{ code: number | null; output: string }> {
  const run = startCommand([METEOR_BIN, ...args], app.dir, cleanEnv());
  const code = await run.exited;
  return { code, output: run.output() };
}

describe('meteor test --once (fixture app, real Node + Chromium)', function () {
  this.timeout(180_000);
  before(() => {
    app = copyFixtureApp();
  });
  after(() => app.remove());

  it('test mode runs *.test.* files on their sides, fails on a failing client test, and ends with the summary line', async () => {
    const { code, output } = await meteor(['test', '--once']);
    assert.equal(code, 1, output);
    assert.match(output, /a \(both sides\)[\s\S]*a \(both sides\)/, 'a.test.ts ran on the server and in the browser');
    assert.match(output, /fails on purpose/);
    assert.doesNotMatch(output, /b \(full-app\)/);
    assert.doesNotMatch(output, /tests\/ must not be loaded/);
    assert.match(output, /\n6 passed, 1 failed\n?$/);
    assert.match(output, /connects to the test server from the test page/);
  });

  it('--full-app loads the main module then *.app-test.* files, with Meteor.isAppTest', async () => {
    const { code, output } = await meteor(['test', '--once', '--full-app']);
    assert.equal(code, 0, output);
    assert.match(output, /b \(full-app\)/);
    assert.doesNotMatch(output, /fails on purpose/);
    assert.match(output, /\n2 passed, 0 failed\n?$/);
  });

  it('without --once re-runs when a test file changes, until Ctrl-C', async () => {
    const run = startCommand([METEOR_BIN, 'test', '--filter', 'a.test', '--filter', 'added.test'], app.dir, cleanEnv());
    try {
      await run.waitFor(/4 passed, 0 failed\n=> Waiting for file changes/);
      writeFileSync(join(app.dir, 'imports', 'added.test.ts'), `describe('added while watching', () => { it('runs on the next pass', () => undefined); });\n`);
      await run.waitFor(/6 passed, 0 failed\n=> Waiting for file changes/);
      assert.match(run.output(), /added while watching/);
    } finally {
      run.child.kill('SIGINT');
      assert.equal(await run.exited, 0);
    }
  });

  it('with MONGO_URL set, server tests use a throwaway database on that server, dropped afterwards', async () => {
    const db = await startMinimongod({ port: 0, quiet: true });
    try {
      const appUrl = db.url.replace(/\/(\?|$)/, '/appdb$1');
      const run = startCommand([METEOR_BIN, 'test', '--once', '--filter', 'mongo-url'], app.dir, cleanEnv({ MONGO_URL: appUrl }));
      assert.equal(await run.exited, 0, run.output());
      const used = /MONGO_URL used by tests: (\S+)/.exec(run.output())?.[1] ?? '';
      assert.match(used, /\/perseid_test_[0-9a-f]{12}(\?|$)/);
      assert.ok(!used.includes('/appdb'), used);
      assert.equal(new URL(used.replace('mongodb://', 'http://')).port, new URL(db.url.replace('mongodb://', 'http://')).port, 'same server');
      // The test wrote to it; the run dropped it afterwards.
      const client = new MongoClient(db.url);
      try {
        const names = (await client.db().admin().listDatabases()).databases.map((d) => d.name);
        assert.deepEqual(
          names.filter((name) => name.startsWith('perseid_test_')),
          [],
        );
      } finally {
        await client.close();
      }
    } finally {
      await db.stop();
    }
  });

  it('MOCHA_GREP keeps only matching tests, on the server and in the browser', async () => {
    const run = startCommand([METEOR_BIN, 'test', '--once'], app.dir, cleanEnv({ MOCHA_GREP: 'imports \\.js' }));
    const code = await run.exited;
    const output = run.output();
    assert.equal(code, 0, output);
    assert.doesNotMatch(output, /fails on purpose|loads root-relative imports/);
    assert.match(output, /\n2 passed, 0 failed\n?$/);
  });

  it('--filter keeps only matching test modules', async () => {
    const { code, output } = await meteor(['test', '--once', '--filter', 'a.test']);
    assert.equal(code, 0, output);
    assert.match(output, /\n4 passed, 0 failed\n?$/);
  });
});
