import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, resolveChromiumPath } from '../src/browser/chromium-path';
import { freePortPair } from '../src/app/port-check';
import { cleanEnv, copyFixtureApp, METEOR_BIN, startCommand } from './fixture-app';
import type { RunningCommand } from './fixture-app';

/** Every TCP socket the process tree under `pid` listens on (Linux /proc). */
function listeningSockets(pid: number): { address: string; port: number }[] {
  const pids = new Set<number>();
  const visit = (p: number): void => {
    if (pids.has(p)) return;
    pids.add(p);
    for (const task of safeReaddir(`/proc/${p}/task`)) {
      for (const child of safeRead(`/proc/${p}/task/${task}/children`).split(/\s+/).filter(Boolean)) visit(Number(child));
    }
  };
  visit(pid);
  const inodes = new Set<string>();
  for (const p of pids) {
    for (const fd of safeReaddir(`/proc/${p}/fd`)) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${p}/fd/${fd}`);
      } catch {
        continue;
      }
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match?.[1] !== undefined) inodes.add(match[1]);
    }
  }
  const sockets: { address: string; port: number }[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of safeRead(table).split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [local, state, inode] = [cols[1], cols[3], cols[9]];
      if (local === undefined || state !== '0A' || inode === undefined || !inodes.has(inode)) continue;
      const [hexAddress = '', hexPort = '0'] = local.split(':');
      sockets.push({ address: decodeAddress(hexAddress), port: parseInt(hexPort, 16) });
    }
  }
  return sockets;
}

function decodeAddress(hex: string): string {
  if (hex.length === 8) return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
  if (hex === '0'.repeat(32)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  if (hex.startsWith('0000000000000000FFFF0000')) return `::ffff:${decodeAddress(hex.slice(24))}`;
  return hex;
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

const SECRETS: Record<string, string> = {
  '.meteor/local/db/planted-secret.txt': 'SECRET-DATABASE-FILE',
  'tests/settings.json': '{"SECRET":"SECRET-TEST-SETTINGS"}',
  'settings-production.json': '{"SECRET":"SECRET-SETTINGS"}',
  'package-lock.json': '{"SECRET":"SECRET-LOCKFILE"}',
  '.env': 'SECRET=SECRET-DOTENV',
  '.git/config': '[remote "origin"] url = SECRET-GIT',
  'private/key.pem': 'SECRET-PRIVATE',
  'imports/server/secret.ts': 'export const token = "SECRET-SERVER-IMPORT";\n',
  'imports/server/secret.ts.map': '{"SECRET":"SECRET-SERVER-MAP"}',
};

describe('meteor run serves a browser only what Meteor ships to it (fixture app, real Vite)', function () {
  this.timeout(120_000);
  let app: ReturnType<typeof copyFixtureApp>;
  let port: number;
  let run: RunningCommand;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}${path}`, { headers });

  before(async () => {
    app = copyFixtureApp();
    port = await freePortPair();
    for (const [path, content] of Object.entries(SECRETS)) {
      mkdirSync(dirname(join(app.dir, path)), { recursive: true });
      writeFileSync(join(app.dir, path), content);
    }
    mkdirSync(join(app.dir, 'public'), { recursive: true });
    writeFileSync(join(app.dir, 'public', 'robots.txt'), 'User-agent: *\n');
    writeFileSync(join(app.dir, 'server', 'main.ts'), `${readFileSync(join(app.dir, 'server', 'main.ts'), 'utf8')}// SECRET-SERVER-MAIN\n`);
    run = startCommand([METEOR_BIN, 'run', '--port', String(port)], app.dir, cleanEnv({ BIND_IP: '127.0.0.1' }));
    await run.waitFor(/App running at: http:\/\/localhost:\d+\//);
  });

  after(async () => {
    if (run.child.exitCode === null) {
      run.child.kill('SIGINT');
      await run.exited;
    }
    app.remove();
  });

  it('serves the client entry, the modules it imports and public/ files', async () => {
    const entry = await get('/@id/virtual:perseid/client-entry');
    assert.equal(entry.status, 200);
    assert.match(await entry.text(), /client\/main\.tsx/);
    const main = await get('/client/main.tsx');
    assert.equal(main.status, 200);
    assert.match(await main.text(), /fixture-root/);
    assert.equal((await get('/@vite/client')).status, 200);
    const robots = await get('/robots.txt');
    assert.equal(robots.status, 200);
    assert.equal(await robots.text(), 'User-agent: *\n');
  });

  it('answers 404 for the database, settings, tests, lock files, dotfiles, private/ and server code, however spelled', async () => {
    const journal = join(app.dir, '.meteor', 'local', 'db', 'journal.wal');
    assert.ok(existsSync(journal), 'minimongod keeps its journal under .meteor/local/db');
    // Load the client first, so the module graph is as full as a browser would make it.
    await (await get('/@id/virtual:perseid/client-entry')).text();
    await (await get('/client/main.tsx')).text();
    const dir = app.dir;
    const attempts = [
      '/.meteor/local/db/journal.wal',
      '/.meteor/local/db/planted-secret.txt',
      '/.meteor/packages',
      '/.meteor/local/vite/deps/_metadata.json',
      '/%2emeteor/local/db/planted-secret.txt',
      '/%2Emeteor/local/db/planted-secret.txt',
      '/.meteor%2flocal%2fdb%2fplanted-secret.txt',
      '/%252emeteor/local/db/planted-secret.txt',
      '//.meteor/local/db/planted-secret.txt',
      '/./.meteor/local/db/planted-secret.txt',
      '/client/../.meteor/local/db/planted-secret.txt',
      '/client/%2e%2e/.meteor/local/db/planted-secret.txt',
      '/\\.meteor\\local\\db\\planted-secret.txt',
      '/tests/settings.json',
      '/settings-production.json',
      '/package-lock.json',
      '/package.json',
      '/.env',
      '/%2eenv',
      '/.git/config',
      '/private/key.pem',
      '/server/main.ts',
      '/server/main.ts?raw',
      '/server/main.ts?url',
      '/server/main.ts?import',
      '/server/main.ts?import&raw',
      '/server/main.ts?inline',
      '/%73erver/main.ts?raw',
      '/server%2fmain.ts?raw',
      '/imports/server/secret.ts',
      '/imports/server/secret.ts?raw',
      '/imports/server/secret.ts.map',
      '/imports/helper.ts?raw',
      '/client/main.tsx?raw',
      '/client/main.tsx?url',
      '/node_modules/.package-lock.json',
      '/node_modules/vite/package.json',
      `/@fs${dir}/.meteor/local/db/planted-secret.txt`,
      `/@fs${dir}/.meteor/local/db/journal.wal`,
      `/@fs${dir}/server/main.ts`,
      `/@fs${dir}/server/main.ts?raw`,
      `/@fs${dir}/tests/settings.json`,
      '/@fs/etc/passwd',
      '/@fs/etc/hostname?raw',
      `/@id/${dir}/server/main.ts`,
      `/@id/__x00__${dir}/server/main.ts`,
      '/__open-in-editor?file=server/main.ts',
    ];
    for (const path of attempts) {
      for (const headers of [{}, { accept: 'text/html' }, { 'sec-fetch-dest': 'script' }] as Record<string, string>[]) {
        const reply = await get(path, headers);
        const body = await reply.text();
        assert.equal(reply.status, 404, `${path} ${JSON.stringify(headers)} answered ${reply.status}: ${body.slice(0, 80)}`);
        assert.doesNotMatch(body, /SECRET|fixtureMainLoaded|root:x:0|"lockfileVersion"|"name": "vite"/, path);
      }
    }
  });

  it('renders the client in Chromium with nothing it needs refused', async () => {
    const browser = await chromium.launch({ executablePath: resolveChromiumPath(), args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage();
      const refused: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) refused.push(`${response.status()} ${response.url()}`);
      });
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForSelector('#hello');
      assert.deepEqual(refused, []);
    } finally {
      await browser.close();
    }
  });

  it('listens only where documented: the app on BIND_IP, the database on loopback, no extra HMR port', function () {
    if (process.platform !== 'linux') this.skip();
    const sockets = listeningSockets(run.child.pid ?? 0);
    assert.ok(
      sockets.some((s) => s.port === port && s.address === '127.0.0.1'),
      JSON.stringify(sockets),
    );
    for (const socket of sockets) {
      assert.ok(socket.port === port || socket.port === port + 1, `unexpected listener ${JSON.stringify(socket)}`);
      assert.ok(
        socket.address === '127.0.0.1' || socket.address === '::1' || socket.address === '::ffff:127.0.0.1',
        `listens on a public interface: ${JSON.stringify(socket)}`,
      );
    }
  });
});
