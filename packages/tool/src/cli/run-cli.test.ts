import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli';

async function cli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { cwd, env, out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) });
  return { code, out, err };
}

describe('meteor CLI', function () {
  // Commands load their implementation (Vite, esbuild, Playwright) lazily on first use.
  this.timeout(30_000);
  let app: string;
  beforeEach(() => {
    app = mkdtempSync(join(tmpdir(), 'perseid-cli-'));
    mkdirSync(join(app, '.meteor'));
    writeFileSync(join(app, '.meteor', 'packages'), 'meteor-base\n');
    writeFileSync(join(app, '.meteor', 'release'), 'METEOR@3.5\n');
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'demo', version: '1.0.0', meteor: { mainModule: { server: 'server/main.ts' } } }));
    writeFileSync(join(app, 'bad.json'), '{ nope');
  });
  afterEach(() => rmSync(app, { recursive: true, force: true }));

  it('--version prints the Perseid version and the app release', async () => {
    const r = await cli(['--version'], app);
    assert.equal(r.code, 0);
    assert.match(r.out, /^Perseid \d+\.\d+\.\d+ \(app release: METEOR@3\.5\)/);
  });

  it('prints URLs with their credentials blanked, whatever the command prints', async () => {
    const r = await cli(['help', 'https://admin:hunter2@chat.example.com/?password=p4ss&x=1'], app);
    assert.equal(r.code, 2);
    assert.match(r.err, /Unknown command "https:\/\/\*\*\*@chat\.example\.com\/\?password=\*\*\*&x=1"/);
    assert.ok(!`${r.out}${r.err}`.includes('hunter2') && !`${r.out}${r.err}`.includes('p4ss'));
  });

  it('--help and help list the commands; <command> --help shows its options', async () => {
    for (const argv of [['--help'], ['help']]) {
      const r = await cli(argv, app);
      assert.equal(r.code, 0);
      for (const name of ['run', 'test', 'build', 'reset', 'add-platform', 'list-platforms']) assert.match(r.out, new RegExp(`^  ${name} `, 'm'));
    }
    const run = await cli(['run', '--help'], app);
    assert.equal(run.code, 0);
    assert.match(run.out, /--settings FILE/);
    assert.match((await cli(['help', 'build'], app)).out, /PERSEID_DB_PATH/);
  });

  it('an unknown command prints usage and exits 2', async () => {
    const r = await cli(['deploy'], app);
    assert.equal(r.code, 2);
    assert.match(r.err, /Unknown command "deploy"/);
    assert.match(r.err, /Usage: meteor/);
  });

  it('an unknown flag prints the command usage and exits 2', async () => {
    const r = await cli(['run', '--prot', '3000'], app);
    assert.equal(r.code, 2);
    assert.match(r.err, /Unknown option --prot for `meteor run`/);
    assert.match(r.err, /Usage: meteor run/);
    assert.equal((await cli(['--verbose'], app)).code, 2);
  });

  it('a bad port is a usage error', async () => {
    const r = await cli(['run', '--port', 'eighty'], app);
    assert.equal(r.code, 2);
    assert.match(r.err, /--port must be a port number/);
    const env = await cli(['run'], app, { PORT: '99999' });
    assert.equal(env.code, 2);
    assert.match(env.err, /PORT must be a port number/);
  });

  it('a missing settings file names the path; an invalid one adds the parse error', async () => {
    const missing = await cli(['run', '--settings', 'missing.json'], app);
    assert.equal(missing.code, 1);
    assert.ok(missing.err.includes(join(app, 'missing.json')));
    const invalid = await cli(['test', '--once', '--settings', 'bad.json'], app);
    assert.equal(invalid.code, 1);
    assert.ok(invalid.err.includes(join(app, 'bad.json')));
    assert.match(invalid.err, /not valid JSON: .+/);
  });

  it('an unknown package in .meteor/packages is a clear error', async () => {
    writeFileSync(join(app, '.meteor', 'packages'), 'meteor-base\nblaze\nno-such-package\n');
    const r = await cli(['run'], app);
    assert.equal(r.code, 1);
    assert.match(r.err, /packages:2: package "blaze" is not supported: Blaze templates are not supported/);
    assert.match(r.err, /packages:3: unknown package "no-such-package"/);
  });

  it('reset removes .meteor/local, and refuses while the app runs', async () => {
    mkdirSync(join(app, '.meteor', 'local', 'db'), { recursive: true });
    writeFileSync(join(app, '.meteor', 'local', `run-${process.pid}.lock`), JSON.stringify({ pid: process.pid, usesDevDatabase: true }));
    const refused = await cli(['reset'], app);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /The app is running .*pid \d+.*stop it/);
    assert.ok(existsSync(join(app, '.meteor', 'local', 'db')));
    rmSync(join(app, '.meteor', 'local', `run-${process.pid}.lock`));
    const done = await cli(['reset'], app);
    assert.equal(done.code, 0);
    assert.ok(!existsSync(join(app, '.meteor', 'local')));
    assert.equal((await cli(['reset', 'now'], app)).code, 2);
  });

  it('reset ignores a stale lock left by a crashed run', async () => {
    mkdirSync(join(app, '.meteor', 'local'), { recursive: true });
    writeFileSync(join(app, '.meteor', 'local', 'run-999999999.lock'), JSON.stringify({ pid: 999999999, usesDevDatabase: true }));
    assert.equal((await cli(['reset'], app)).code, 0);
  });

  it('add-platform rejects an unknown or missing platform as a usage error; list-platforms lists .meteor/platforms', async () => {
    assert.equal((await cli(['add-platform', 'windows'], app)).code, 2);
    assert.equal((await cli(['add-platform'], app)).code, 2);
    assert.equal((await cli(['remove-platform', 'web'], app)).code, 2);
    assert.ok(!existsSync(join(app, '.meteor', 'local', 'cordova-build')));
    writeFileSync(join(app, '.meteor', 'platforms'), 'server\nbrowser\n');
    assert.equal((await cli(['list-platforms'], app)).out, 'server\nbrowser\n');
  });
});
