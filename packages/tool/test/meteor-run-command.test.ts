import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, resolveChromiumPath } from '../src/browser/chromium-path';
import { freePort, freePortPair } from '../src/app/port-check';
import { cleanEnv, copyFixtureApp, METEOR_BIN, startCommand } from './fixture-app';
import type { RunningCommand } from './fixture-app';

function openSocket(url: string, protocol?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = protocol === undefined ? new WebSocket(url) : new WebSocket(url, protocol);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('meteor run (fixture app: real minimongod, server child, Vite)', function () {
  this.timeout(120_000);
  let app: ReturnType<typeof copyFixtureApp>;
  let port: number;
  let run: RunningCommand;

  before(async () => {
    app = copyFixtureApp();
    port = await freePortPair();
    writeFileSync(join(app.dir, 'settings.json'), JSON.stringify({ public: { flavour: 'first' }, privateKey: 'kept-on-server' }));
    run = startCommand([METEOR_BIN, 'run', '--port', String(port), '--settings', 'settings.json'], app.dir, cleanEnv());
    await run.waitFor(/App running at: http:\/\/localhost:\d+\//);
  });

  after(async () => {
    if (run.child.exitCode === null) {
      run.child.kill('SIGINT');
      await run.exited;
    }
    app.remove();
  });

  it('serves the page with the runtime config, static-html fragments and the Vite client entry', async () => {
    const html = await (await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } })).text();
    assert.match(html, /globalThis\.__meteor_runtime_config__ = \{"ROOT_URL":"http:\/\/localhost:\d+"/);
    assert.match(html, /<title>Fixture app<\/title>/);
    assert.match(html, /<div id="fixture-root"><\/div>/);
    assert.match(html, /\/@id\/virtual:perseid\/client-entry/);
    assert.match(html, /\/@vite\/client/);
  });

  it('keeps the development database under .meteor/local/db and reports it connected', async () => {
    assert.ok(existsSync(join(app.dir, '.meteor', 'local', 'db')));
    const health = (await (await fetch(`http://127.0.0.1:${port}/__perseid/health`)).json()) as { database: string; version: string };
    assert.equal(health.database, 'connected');
    assert.equal(health.version, '1.2.3');
  });

  it('runs the server main module with root-relative imports, and serves its routes', async () => {
    assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/api/fixture`)).json(), { generation: 1, helper: 'helped' });
  });

  it('takes DDP on /websocket and Vite HMR on the same port', async () => {
    const ddp = await openSocket(`ws://127.0.0.1:${port}/websocket`);
    const connected = new Promise<unknown>((resolve) =>
      ddp.on('message', (data) => {
        // A server may first send a frame without `msg` (DDP's server_id greeting).
        const frame = JSON.parse(String(data)) as { msg?: string };
        if (frame.msg !== undefined) resolve(frame);
      }),
    );
    ddp.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
    assert.equal(((await connected) as { msg: string }).msg, 'connected');
    ddp.close();
    const hmr = await openSocket(`ws://127.0.0.1:${port}/`, 'vite-hmr');
    hmr.close();
  });

  it('renders the client in Chromium and hot-updates a React component in place (no reload)', async () => {
    const browser = await chromium.launch({ executablePath: resolveChromiumPath(), args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForSelector('#hello');
      assert.equal(await page.textContent('#hello'), 'Hello, generation 1');
      assert.equal(
        await page.evaluate(() => getComputedStyle(document.getElementById('hello') as Element).color),
        'rgb(1, 2, 3)',
        'client/*.css is loaded eagerly',
      );
      await page.evaluate(() => {
        (window as unknown as { survivesHotUpdate: boolean }).survivesHotUpdate = true;
      });
      const mark = run.output().length;
      writeFileSync(join(app.dir, 'imports', 'ui', 'hello.tsx'), 'export function Hello() {\n  return <p id="hello">Hello, generation 2</p>;\n}\n');
      await page.waitForFunction(() => document.getElementById('hello')?.textContent === 'Hello, generation 2', undefined, { timeout: 30_000 });
      assert.equal(await page.evaluate(() => (window as unknown as { survivesHotUpdate?: boolean }).survivesHotUpdate), true, 'updated without a page reload');
      assert.doesNotMatch(run.output().slice(mark), /restarting the server/, 'a client-only change does not restart the server');
    } finally {
      await browser.close();
    }
  });

  it('restarts only the server when server code changes, picking up the new code', async () => {
    const mark = run.output().length;
    // A module the server never loaded changes in the same batch: it is not a reason to restart.
    writeFileSync(join(app.dir, 'imports', 'not-on-server.ts'), 'export const x = 1;\n');
    writeFileSync(
      join(app.dir, 'server', 'main.ts'),
      `import { WebApp } from 'meteor/webapp';\nWebApp.handlers.get('/api/fixture', (_req, res) => { res.json({ generation: 2 }); });\n`,
    );
    await run.waitFor(/Server restarted/);
    assert.doesNotMatch(run.output().slice(mark), /Started minimongod/, 'the database keeps running');
    assert.doesNotMatch(run.output().slice(mark), /not-on-server/);
    assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/api/fixture`)).json(), { generation: 2 });
  });

  it('refuses a second run on the same dev database, and `meteor reset` while it runs', async () => {
    const second = startCommand([METEOR_BIN, 'run', '--port', String(await freePortPair())], app.dir, cleanEnv());
    assert.equal(await second.exited, 1);
    assert.match(second.output(), /already running with its development database.*MONGO_URL/);
    const reset = startCommand([METEOR_BIN, 'reset'], app.dir, cleanEnv());
    assert.equal(await reset.exited, 1);
    assert.match(reset.output(), /The app is running/);
  });

  it('lets a second copy run beside it against MONGO_URL (e2e tests do this)', async () => {
    const otherPort = await freePort();
    const other = startCommand(
      [METEOR_BIN, 'run', '--port', String(otherPort)],
      app.dir,
      cleanEnv({ MONGO_URL: `mongodb://127.0.0.1:${port + 1}/other?replicaSet=rs0` }),
    );
    try {
      await other.waitFor(/App running at/);
      assert.match(other.output(), /Using the database at MONGO_URL/);
      const health = (await (await fetch(`http://127.0.0.1:${otherPort}/__perseid/health`)).json()) as { database: string };
      assert.equal(health.database, 'connected');
    } finally {
      other.child.kill('SIGINT');
      assert.equal(await other.exited, 0);
    }
  });

  it('restarts with the new settings when the settings file changes', async () => {
    const before = await (await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } })).text();
    assert.match(before, /"PUBLIC_SETTINGS":\{"flavour":"first"\}/);
    assert.ok(!before.includes('kept-on-server'));
    const mark = run.output().length;
    writeFileSync(join(app.dir, 'settings.json'), JSON.stringify({ public: { flavour: 'second' }, privateKey: 'kept-on-server' }));
    await run.waitFor(/Server code changed \(settings\.json\)[\s\S]*Server restarted/);
    assert.ok(run.output().length > mark);
    const after = await (await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } })).text();
    assert.match(after, /"PUBLIC_SETTINGS":\{"flavour":"second"\}/);
  });

  it('Ctrl-C stops everything it started', async () => {
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 0);
    assert.deepEqual(
      readdirSync(join(app.dir, '.meteor', 'local')).filter((f) => f.endsWith('.lock')),
      [],
      'its run lock is released',
    );
    for (const p of [port, port + 1]) {
      await new Promise<void>((resolve, reject) => {
        const probe = createServer()
          .once('error', reject)
          .listen(p, '127.0.0.1', () => probe.close(() => resolve()));
      });
    }
  });
});

describe('meteor run --production', function () {
  this.timeout(120_000);

  it('serves a production client build (hashed assets, NODE_ENV production)', async () => {
    const app = copyFixtureApp();
    const port = await freePortPair();
    const run = startCommand([METEOR_BIN, 'run', '--production', '--port', String(port)], app.dir, cleanEnv());
    try {
      await run.waitFor(/App running at/);
      const html = await (await fetch(`http://127.0.0.1:${port}/`, { headers: { accept: 'text/html' } })).text();
      assert.match(html, /"NODE_ENV":"production"/);
      assert.match(html, /<script type="module" src="\/assets\/[\w-]+-[\w-]{8}\.js"><\/script>/);
      assert.match(html, /<link rel="stylesheet" class="__meteor-css__" href="\/assets\/[\w-]+-[\w-]{8}\.css">/);
      assert.doesNotMatch(html, /@vite\/client/);
    } finally {
      run.child.kill('SIGINT');
      await run.exited;
      app.remove();
    }
  });
});

describe('meteor run, port in use', function () {
  this.timeout(60_000);

  it('says the port is taken and suggests --port', async () => {
    const app = copyFixtureApp();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const run = startCommand([METEOR_BIN, 'run', '--port', String(port)], app.dir, cleanEnv());
      assert.equal(await run.exited, 1);
      assert.match(run.output(), new RegExp(`Port ${port} .*already in use.*--port`));
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      app.remove();
    }
  });
});
