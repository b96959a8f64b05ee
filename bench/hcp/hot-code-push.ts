/**
 * Hot code push, on production builds of the chat (a copy of the working tree, `meteor build`
 * twice: as is, then with one line of client code added):
 *
 * 1. Bytes a phone downloads for the one-line change, counted as cordova-plugin-meteor-webapp
 *    fetches them (the manifest, the entries whose hash it does not hold, index.html), beside
 *    the baseline of a first download of the whole version, in the same run.
 * 2. Browser deploy: `pages` open clients (a few real Chromium tabs, the rest lightweight DDP
 *    clients subscribed to meteor_autoupdate_clientVersions that reconnect as the page's client
 *    does), the server restarted on the new bundle; the time from the new server listening
 *    until every page is on the new version (tabs: reloaded into the new code; DDP clients:
 *    received the new web.browser version). Baseline in the same run: the same restart on the
 *    same bundle, until every client is resubscribed and ready.
 *
 *   node --import tsx bench/hcp/hot-code-push.ts [pages=200] [tabs=4]
 */
import { createHash } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import type { Browser, Page } from 'playwright-core';
import { cleanEnv, METEOR_BIN, startCommand } from '../../packages/tool/test/fixture-app';
import type { RunningCommand } from '../../packages/tool/test/fixture-app';
import { freePort } from '../../packages/tool/src/app/port-check';
import { copyApp } from '../../tests/e2e/support/app-copy';
import { launchChromium } from '../../tests/e2e/support/chromium';
import { eventually } from '../../tests/helpers/eventually';

const pages = Number(process.argv[2] ?? 200);
const tabs = Math.min(pages, Number(process.argv[3] ?? 4));
const LIMITS = JSON.stringify({ packages: { 'ddp-server': { maxConnectionsPerAddress: 1_000_000, newConnectionsPerAddress: 1_000_000 } } });

interface Entry {
  readonly url: string;
  readonly hash: string;
  readonly where: string;
}

async function pluginDownload(base: string, held: ReadonlyMap<string, string>): Promise<{ bytes: number; files: number; entries: Entry[] }> {
  const manifestText = await (await fetch(`${base}/__cordova/manifest.json`)).text();
  const entries = (JSON.parse(manifestText) as { manifest: Entry[] }).manifest.filter((e) => e.where === 'client');
  let bytes = Buffer.byteLength(manifestText);
  let files = 1;
  for (const entry of entries) {
    if (held.get(entry.url) === entry.hash) continue;
    const body = Buffer.from(await (await fetch(`${base}/__cordova${entry.url}?meteor_dont_serve_index=true`)).arrayBuffer());
    if (createHash('sha1').update(body).digest('hex') !== entry.hash) throw new Error(`hash mismatch: ${entry.url}`);
    bytes += body.length;
    files += 1;
  }
  bytes += Buffer.byteLength(await (await fetch(`${base}/__cordova/`)).text());
  return { bytes, files: files + 1, entries };
}

/** A page reduced to what hot code push needs: DDP, the versions subscription, reconnection. */
class VersionClient {
  version: string | undefined;
  ready = false;
  #socket: WebSocket | undefined;
  #closed = false;
  readonly #url: string;

  constructor(url: string) {
    this.#url = url;
    this.#connect();
  }
  #connect(): void {
    if (this.#closed) return;
    this.ready = false;
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.on('open', () => socket.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] })));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { msg?: string; id?: string; fields?: { version?: string }; subs?: string[] };
      if (frame.msg === 'connected') socket.send(JSON.stringify({ msg: 'sub', id: 'v', name: 'meteor_autoupdate_clientVersions', params: [] }));
      else if (frame.msg === 'ping') socket.send(JSON.stringify({ msg: 'pong' }));
      else if ((frame.msg === 'added' || frame.msg === 'changed') && frame.id === 'web.browser' && frame.fields?.version !== undefined)
        this.version = frame.fields.version;
      else if (frame.msg === 'ready') this.ready = true;
    });
    // The page's client retries quickly first; so does this one (with jitter, as a crowd would).
    socket.on('close', () => setTimeout(() => this.#connect(), 50 + Math.random() * 200));
    socket.on('error', () => undefined);
  }
  close(): void {
    this.#closed = true;
    this.#socket?.close();
  }
}

/** The bench's waits: polled every 10 ms, and a redeploy that never lands ends the run with what it waited for. */
const until = (what: string, check: () => boolean | Promise<boolean>): Promise<void> => eventually(what, check, { timeoutMs: 180_000, intervalMs: 10 });

async function main(): Promise<void> {
  const started = new Date().toISOString();
  const commit = execSync('git rev-parse --short HEAD').toString().trim();
  const loadStart = loadavg()[0]?.toFixed(1);
  const app = copyApp();
  const servers: RunningCommand[] = [];
  let browser: Browser | undefined;
  const clients: VersionClient[] = [];
  try {
    // A mobile platform (iOS: no SDK needed for its project) gives the bundle its web.cordova
    // program, which /__cordova/ serves.
    writeFileSync(join(app.dir, '.meteor', 'platforms'), 'server\nbrowser\nios\n');
    const build = async (out: string): Promise<string> => {
      const run = startCommand([METEOR_BIN, 'build', out, '--directory', '--server', 'https://chat.example.com'], app.dir, cleanEnv());
      if ((await run.exited) !== 0) throw new Error(run.output());
      return join(app.dir, out, 'bundle');
    };
    const v1 = await build('v1');
    appendFileSync(join(app.dir, 'client', 'main.tsx'), "\ndocument.documentElement.dataset['build'] = 'second';\n");
    const v2 = await build('v2');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server: RunningCommand | undefined;
    const deploy = async (bundle: string): Promise<number> => {
      if (server !== undefined) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      server = startCommand(
        ['main.js'],
        bundle,
        cleanEnv({ PORT: String(port), ROOT_URL: base, PERSEID_DB_PATH: join(app.dir, 'db'), METEOR_SETTINGS: LIMITS }),
      );
      servers.push(server);
      await server.waitFor(/App running at/);
      return performance.now();
    };

    // 1. Bytes.
    await deploy(v1);
    const full1 = await pluginDownload(base, new Map());
    await deploy(v2);
    const full2 = await pluginDownload(base, new Map());
    const delta = await pluginDownload(base, new Map(full1.entries.map((e) => [e.url, e.hash])));
    console.log(`full download of the new version (baseline): ${full2.bytes} bytes in ${full2.files} requests`);
    console.log(`one-line change, as the plugin downloads it:  ${delta.bytes} bytes in ${delta.files} requests`);

    // 2. Browser deploy with `pages` open pages.
    await deploy(v1);
    browser = await launchChromium();
    const tabPages: Page[] = [];
    for (let i = 0; i < tabs; i += 1) {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${base}/`);
      await page.getByRole('button', { name: 'New here? Create an account' }).waitFor({ timeout: 60_000 });
      tabPages.push(page);
    }
    for (let i = 0; i < pages - tabs; i += 1) clients.push(new VersionClient(`ws://127.0.0.1:${port}/websocket`));
    await until('every DDP client is subscribed to the first build', () => clients.every((c) => c.ready));
    const v1Version = clients[0]?.version;

    // Baseline: the same bundle again; every client back and subscribed.
    const baselineListening = await deploy(v1);
    for (const c of clients) c.ready = false;
    await until('every DDP client is back after the baseline restart', () => clients.every((c) => c.ready));
    const baselineMs = performance.now() - baselineListening;
    const tabsOnOld = await Promise.all(tabPages.map((p) => p.evaluate(() => document.documentElement.dataset['build'] ?? 'first')));

    const hcpListening = await deploy(v2);
    let ddpMs = 0;
    let tabsMs = 0;
    await Promise.all([
      until('every DDP client sees the second build', () => clients.every((c) => c.version !== undefined && c.version !== v1Version)).then(
        () => void (ddpMs = performance.now() - hcpListening),
      ),
      until('every tab runs the second build', async () =>
        (await Promise.all(tabPages.map((p) => p.evaluate(() => document.documentElement.dataset['build']).catch(() => undefined)))).every(
          (b) => b === 'second',
        ),
      ).then(() => void (tabsMs = performance.now() - hcpListening)),
    ]);
    const hcpMs = performance.now() - hcpListening;
    const loadEnd = loadavg()[0]?.toFixed(1);
    console.log(`tabs on the first build after the baseline restart: ${tabsOnOld.join(', ')}`);
    console.log(`baseline: same bundle restarted, ${pages - tabs} DDP clients resubscribed and ready: ${baselineMs.toFixed(0)} ms`);
    console.log(
      `hot code push: new bundle, all ${pages} pages (${tabs} Chromium tabs reloaded into the new code, ${pages - tabs} DDP clients on the new version): ${hcpMs.toFixed(0)} ms`,
    );
    console.log(
      `  of which: ${pages - tabs} DDP clients on the new version after ${ddpMs.toFixed(0)} ms; ${tabs} tabs running the new code after ${tabsMs.toFixed(0)} ms`,
    );
    console.log(`run ${started}, commit ${commit}, load ${loadStart} at start, ${loadEnd} at end, node ${process.version}`);
  } finally {
    for (const c of clients) c.close();
    await browser?.close();
    for (const s of servers) {
      s.child.kill('SIGTERM');
      await s.exited;
    }
    app.remove();
  }
}

await main();
