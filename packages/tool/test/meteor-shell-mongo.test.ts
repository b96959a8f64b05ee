import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startMinimongod } from '@perseid/minimongod';
import { freePortPair } from '../src/app/port-check';
import { cleanEnv, copyFixtureApp, METEOR_BIN, startCommand } from './fixture-app';
import type { RunningCommand } from './fixture-app';

/** Runs the real `meteor` bin with `input` on its stdin; resolves with its exit code and output. */
function meteorWithInput(
  args: string[],
  cwd: string,
  input: string,
  env: NodeJS.ProcessEnv = cleanEnv(),
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [METEOR_BIN, ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

describe('meteor shell (a REPL in the running server)', function () {
  this.timeout(120_000);
  let app: ReturnType<typeof copyFixtureApp>;
  let run: RunningCommand;

  before(async () => {
    app = copyFixtureApp();
    mkdirSync(join(app.dir, 'imports', 'api'), { recursive: true });
    writeFileSync(
      join(app.dir, 'imports', 'api', 'links.ts'),
      "import { Mongo } from 'meteor/mongo';\nexport const Links = new Mongo.Collection<{ title: string }>('links');\n",
    );
    writeFileSync(
      join(app.dir, 'server', 'main.ts'),
      "import { Meteor } from 'meteor/meteor';\nimport { Links } from '/imports/api/links';\nMeteor.startup(async () => {\n  if ((await Links.find().countAsync()) === 0) await Links.insertAsync({ title: 'seeded' });\n});\n",
    );
    const port = await freePortPair();
    run = startCommand([METEOR_BIN, 'run', '--port', String(port)], app.dir, cleanEnv());
    await run.waitFor(/App running at: http:\/\/localhost:\d+\//);
  });

  after(async () => {
    if (run.child.exitCode === null) {
      run.child.kill('SIGINT');
      await run.exited;
    }
    app.remove();
  });

  it('evaluates with top-level await against the collections of the running server; only its user can enter', async () => {
    const shell = await meteorWithInput(
      ['shell'],
      app.dir,
      [
        "const { Links } = await import('/imports/api/links');",
        "await Links.insertAsync({ title: 'from the shell' });",
        "(await Links.find({}, { sort: { title: 1 } }).fetchAsync()).map((l) => l.title).join(' + ')",
        '',
      ].join('\n'),
    );
    assert.equal(shell.code, 0, shell.err);
    assert.match(shell.out, /'from the shell \+ seeded'/);
    assert.equal(statSync(join(app.dir, '.meteor', 'local', 'shell')).mode & 0o777, 0o700);
    assert.equal(statSync(join(app.dir, '.meteor', 'local', 'shell', 'server.sock')).mode & 0o777, 0o600, 'the socket the link points at');
  });

  it('after a server restart the shell reaches the new server', async () => {
    writeFileSync(
      join(app.dir, 'imports', 'api', 'links.ts'),
      "import { Mongo } from 'meteor/mongo';\nexport const Links = new Mongo.Collection<{ title: string }>('links');\nexport const generation = 2;\n",
    );
    await run.waitFor(/Server restarted/);
    const shell = await meteorWithInput(['shell'], app.dir, "(await import('/imports/api/links')).generation\n");
    assert.equal(shell.code, 0, shell.err);
    assert.match(shell.out, /> 2\n/);
  });

  it('reports a clear error when no server is running for the app', async () => {
    const other = copyFixtureApp();
    try {
      const shell = await meteorWithInput(['shell'], other.dir, '1 + 1\n');
      assert.equal(shell.code, 1);
      assert.match(shell.err, /Server unavailable: start the app with `meteor run`/);
    } finally {
      other.remove();
    }
  });
});

describe('meteor mongo (the real CLI against minimongod)', function () {
  this.timeout(60_000);
  let db: Awaited<ReturnType<typeof startMinimongod>>;
  let app: ReturnType<typeof copyFixtureApp>;
  let url: string;

  before(async () => {
    db = await startMinimongod({ port: 0, quiet: true });
    url = db.url.replace(/\/(\?|$)/, '/meteor$1');
    const client = new MongoClient(url);
    await client
      .db()
      .collection('links')
      .insertOne({ _id: 'l1', title: 'Meteor docs' } as never);
    await client.close();
    app = copyFixtureApp();
  });
  after(async () => {
    app.remove();
    await db.stop();
  });

  it('without mongosh, runs db.<coll>.find(...) and db.runCommand(...) lines on the app database', async () => {
    const r = await meteorWithInput(
      ['mongo'],
      app.dir,
      'db.links.find({ title: /docs/ })\ndb.runCommand({ ping: 1 })\nshow collections\n',
      cleanEnv({ MONGO_URL: url }),
    );
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /mongosh is not installed.*type "help"/);
    assert.match(r.out, /_id: 'l1', title: 'Meteor docs'/);
    assert.match(r.out, /ok: 1/);
    assert.match(r.out, /^links$/m);
  });

  it('--url prints the connection string: MONGO_URL, else the development database on PORT+1', async () => {
    assert.equal((await meteorWithInput(['mongo', '--url'], app.dir, '', cleanEnv({ MONGO_URL: url }))).out.trim(), url);
    assert.equal(
      (await meteorWithInput(['mongo', '--url', '--port', '4000'], app.dir, '')).out.trim(),
      'mongodb://127.0.0.1:4001/meteor?directConnection=true',
    );
  });

  it('an unreachable database is a clear error', async () => {
    const r = await meteorWithInput(['mongo', '--port', '9'], app.dir, '');
    assert.equal(r.code, 1);
    assert.match(r.err, /Cannot reach the database at mongodb:\/\/127\.0\.0\.1:10\/meteor.*Is `meteor run` running for this app\?/);
  });
});
