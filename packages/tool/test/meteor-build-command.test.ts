import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { freePort } from '../src/app/port-check';
import { cleanEnv, copyFixtureApp, METEOR_BIN, startCommand } from './fixture-app';

describe('meteor build (fixture app) and `node main.js`', function () {
  this.timeout(180_000);
  let app: ReturnType<typeof copyFixtureApp>;
  before(() => {
    app = copyFixtureApp();
  });
  after(() => app.remove());

  it('builds a bundle that serves the same page, hashed assets immutable, private settings kept private', async () => {
    const build = startCommand([METEOR_BIN, 'build', 'out', '--directory', '--server', 'https://chat.example.com'], app.dir, cleanEnv());
    assert.equal(await build.exited, 0, build.output());
    const bundle = join(app.dir, 'out', 'bundle');
    for (const file of ['main.js', 'server/app.js', 'client/page.json', 'package.json']) assert.ok(existsSync(join(bundle, file)), file);
    const assets = readdirSync(join(bundle, 'client', 'assets'));
    const script = assets.find((f) => /^[\w-]+-[\w-]{8}\.js$/.test(f));
    assert.ok(script, `a content-hashed script in ${assets.join(', ')}`);

    const port = await freePort();
    const settings = { public: { appName: 'Built' }, mailPassword: 'built-private-value' };
    const server = startCommand(
      ['main.js'],
      bundle,
      cleanEnv({ PORT: String(port), PERSEID_DB_PATH: join(app.dir, 'prod-db'), METEOR_SETTINGS: JSON.stringify(settings) }),
    );
    try {
      await server.waitFor(/App running at: https:\/\/chat\.example\.com\//);
      const html = await (await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } })).text();
      assert.match(html, /"ROOT_URL":"https:\/\/chat\.example\.com"/);
      assert.match(html, /"PUBLIC_SETTINGS":\{"appName":"Built"\}/);
      assert.match(html, /"NODE_ENV":"production"/);
      assert.ok(!html.includes('built-private-value') && !html.includes('mailPassword'));
      assert.match(html, /<title>Fixture app<\/title>/);
      assert.ok(html.includes(`/assets/${script}`));
      assert.match(html, /<link rel="stylesheet" class="__meteor-css__" href="\/assets\/[\w-]+\.css">/, 'client/*.css is in the build');
      const asset = await fetch(`http://127.0.0.1:${port}/assets/${script}`, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(asset.status, 200);
      assert.match(String(asset.headers.get('cache-control')), /immutable/);
      assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/api/fixture`)).json(), { generation: 1, helper: 'helped' });
      const health = (await (await fetch(`http://127.0.0.1:${port}/__perseid/health`)).json()) as { database: string; version: string };
      assert.deepEqual([health.database, health.version], ['connected', '1.2.3']);
      assert.ok(existsSync(join(app.dir, 'prod-db')), 'minimongod keeps its data in PERSEID_DB_PATH');
      const ddp = new WebSocket(`ws://127.0.0.1:${port}/websocket`);
      const reply = await new Promise<{ msg: string }>((resolve, reject) => {
        ddp.once('open', () => ddp.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] })));
        ddp.on('message', (data) => {
          // A server may first send a frame without `msg` (DDP's server_id greeting).
          const frame = JSON.parse(String(data)) as { msg?: string };
          if (frame.msg !== undefined) resolve(frame as { msg: string });
        });
        ddp.once('error', reject);
      });
      assert.equal(reply.msg, 'connected');
      ddp.close();
    } finally {
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
    }
  });

  it('builds production JSX when the shell (or a dev server in the same process) set NODE_ENV=development', async () => {
    const build = startCommand([METEOR_BIN, 'build', 'out-dev-shell', '--directory'], app.dir, cleanEnv({ NODE_ENV: 'development' }));
    assert.equal(await build.exited, 0, build.output());
    const assets = join(app.dir, 'out-dev-shell', 'bundle', 'client', 'assets');
    const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
    assert.ok(scripts.length > 0);
    // React's production jsx-dev-runtime has no jsxDEV: such a page fails at load.
    for (const file of scripts) assert.doesNotMatch(readFileSync(join(assets, file), 'utf8'), /jsxDEV/, file);
  });

  it('without --directory writes a tar.gz archive', async () => {
    const build = startCommand([METEOR_BIN, 'build', 'archive'], app.dir, cleanEnv());
    assert.equal(await build.exited, 0, build.output());
    assert.ok(existsSync(join(app.dir, 'archive', 'fixture-app.tar.gz')));
    assert.ok(!existsSync(join(app.dir, 'archive', 'bundle')));
  });

  it('rejects a missing directory, a bad --server URL and an unknown --packageType as usage errors', async () => {
    const missing = startCommand([METEOR_BIN, 'build'], app.dir, cleanEnv());
    assert.equal(await missing.exited, 2);
    assert.match(missing.output(), /needs an output directory/);
    const bad = startCommand([METEOR_BIN, 'build', 'x', '--server', 'chat.example.com'], app.dir, cleanEnv());
    assert.equal(await bad.exited, 2);
    assert.match(bad.output(), /--server must be an http\(s\) URL/);
    const packageType = startCommand([METEOR_BIN, 'build', 'pkg', '--packageType', 'ipa'], app.dir, cleanEnv());
    assert.equal(await packageType.exited, 2, packageType.output());
    assert.match(packageType.output(), /--packageType must be apk or bundle \(got "ipa"\)/);
    assert.ok(!existsSync(join(app.dir, 'pkg')), 'nothing is built');
  });
});
