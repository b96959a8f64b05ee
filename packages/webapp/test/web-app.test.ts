import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { createWebApp, HEALTH_PATH } from '../src/index';
import type { WebAppServer } from '../src/index';

const ASSETS = fileURLToPath(new URL('./fixtures/assets', import.meta.url));
const PUBLIC = fileURLToPath(new URL('./fixtures/public', import.meta.url));

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const JSON_ACCEPT = { accept: 'application/json' };

describe('WebApp', () => {
  let webApp: WebAppServer;
  let base: string;
  const logged: { message: string; error: unknown }[] = [];

  beforeEach(async () => {
    logged.length = 0;
    webApp = createWebApp({ log: (message, error) => logged.push({ message, error }), makeNonce: () => 'n0nce' });
    webApp.configure({
      runtime: {
        rootUrl: 'http://localhost:3000',
        settings: { public: { appName: 'Perseid', note: '</script><script>alert(1)</script>' }, privateApiKey: 'sk-very-secret' },
        nodeEnv: 'production',
        testMode: false,
        clientVersion: 'abc123',
      },
      page: { head: '<title>Perseid</title>', body: '<div id="root"></div>', stylesheets: ['/assets/app.css'], scripts: ['/assets/app-3f9a1c2b.js'] },
      hashedAssetDirs: [{ urlPrefix: '/assets', dir: ASSETS }],
      publicDirs: [PUBLIC],
      serverVersion: '0.1.0',
    });
    webApp.handlers.get('/api/hello', (_req, res) => {
      res.json({ hello: 'world' });
    });
    webApp.handlers.get('/api/boom', () => {
      throw new Error('database password is hunter2');
    });
    webApp.handlers.get('/api/big', (_req, res) => {
      res.type('text').send('x'.repeat(10_000));
    });
    await new Promise<void>((resolve) => webApp.httpServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(webApp.httpServer.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    webApp.httpServer.closeAllConnections();
    await new Promise<void>((resolve) => webApp.httpServer.close(() => resolve()));
  });

  it('serves the page with __meteor_runtime_config__ carrying the public settings only', async () => {
    const reply = await get(base, '/', HTML);
    assert.equal(reply.status, 200);
    assert.match(String(reply.headers['content-type']), /text\/html/);
    const match = /globalThis\.__meteor_runtime_config__ = (.*);<\/script>/.exec(reply.body);
    assert.ok(match?.[1], 'runtime config script present');
    const config = JSON.parse(match[1]) as Record<string, unknown>;
    assert.deepEqual(config['PUBLIC_SETTINGS'], { appName: 'Perseid', note: '</script><script>alert(1)</script>' });
    assert.equal(config['ROOT_URL'], 'http://localhost:3000');
    assert.equal(config['DDP_DEFAULT_CONNECTION_URL'], 'http://localhost:3000');
    assert.equal(config['CLIENT_VERSION'], 'abc123');
    assert.equal(config['NODE_ENV'], 'production');
    assert.ok(!reply.body.includes('sk-very-secret'), 'a private setting never reaches the page');
    assert.ok(!reply.body.includes('privateApiKey'));
    assert.ok(!reply.body.includes('<script>alert(1)'), 'a settings value cannot close the script element');
    assert.match(reply.body, /<div id="root"><\/div>/);
    assert.match(reply.body, /<script type="module" src="\/assets\/app-3f9a1c2b.js">/);
  });

  it('serves the page for client-side routes too', async () => {
    const reply = await get(base, '/channel/general', HTML);
    assert.equal(reply.status, 200);
    assert.match(reply.body, /__meteor_runtime_config__/);
  });

  it('sends security headers, with the inline config script allowed by the CSP nonce', async () => {
    const reply = await get(base, '/', HTML);
    assert.equal(reply.headers['x-content-type-options'], 'nosniff');
    assert.equal(reply.headers['referrer-policy'], 'strict-origin-when-cross-origin');
    const csp = String(reply.headers['content-security-policy']);
    assert.match(csp, /frame-ancestors 'self'/);
    assert.match(csp, /script-src 'self' 'nonce-n0nce'/);
    assert.match(reply.body, /<script nonce="n0nce">globalThis.__meteor_runtime_config__/);
    assert.equal(reply.headers['x-powered-by'], undefined);
  });

  it('lets the app replace the CSP', async () => {
    webApp.setContentSecurityPolicy("default-src 'self' https://cdn.example; script-src 'self' 'nonce-{nonce}'");
    const reply = await get(base, '/', HTML);
    assert.equal(reply.headers['content-security-policy'], "default-src 'self' https://cdn.example; script-src 'self' 'nonce-n0nce'");
  });

  it('serves app routes added to WebApp.handlers and its connectHandlers alias', async () => {
    assert.equal(webApp.connectHandlers, webApp.handlers);
    const reply = await get(base, '/api/hello', JSON_ACCEPT);
    assert.deepEqual(JSON.parse(reply.body), { hello: 'world' });
  });

  it('runs rawHandlers before everything else', async () => {
    webApp.rawHandlers.use('/raw', (_req, res) => {
      res.end('raw');
    });
    const reply = await get(base, '/raw', HTML);
    assert.equal(reply.body, 'raw');
    assert.equal(reply.headers['x-content-type-options'], undefined);
  });

  it('serves hashed assets as immutable', async () => {
    const reply = await get(base, '/assets/app-3f9a1c2b.js');
    assert.equal(reply.status, 200);
    assert.match(String(reply.headers['cache-control']), /immutable/);
    assert.match(String(reply.headers['cache-control']), /max-age=31536000/);
    assert.match(reply.body, /hashed/);
  });

  it('answers /favicon.ico without a public/favicon.ico with a 404, not the page (as Meteor does)', async () => {
    // A browser asks for it by itself, with an image Accept header, or with */* from other clients.
    for (const accept of ['image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8', '*/*']) {
      const reply = await get(base, '/favicon.ico', { accept });
      assert.equal(reply.status, 404, `Accept: ${accept}`);
      assert.doesNotMatch(reply.body, /__meteor_runtime_config__/, 'the app page is never an icon');
    }
  });

  it('serves public/ files as-is, not immutable, and never dotfiles', async () => {
    const robots = await get(base, '/robots.txt');
    assert.equal(robots.status, 200);
    assert.equal(robots.body, 'User-agent: *\n');
    assert.doesNotMatch(String(robots.headers['cache-control']), /immutable/);
    const dotfile = await get(base, '/.env', { accept: 'application/json' });
    assert.equal(dotfile.status, 404);
    assert.ok(!dotfile.body.includes('secret'));
  });

  it('never serves a dotfile, a dot-directory or a file outside its directories, however the path is spelled', async () => {
    const attempts = [
      '/.env',
      '/%2eenv',
      '/%2Eenv',
      '/.%65nv',
      '/%252eenv',
      '/./.env',
      '//.env',
      '/robots.txt/../.env',
      '/\\.env',
      '/.hidden/notes.txt',
      '/%2ehidden/notes.txt',
      '/.hidden%2fnotes.txt',
      '/.hidden%5cnotes.txt',
      '/../public/.env',
      '/%2e%2e/public/.env',
      '/..%2fpublic%2f.env',
      '/..%5cpublic%5c.env',
      '/assets/../public/.env',
      '/assets/..%2f..%2fweb-app.test.ts',
      '/assets/%2e%2e/%2e%2e/web-app.test.ts',
      '/..%2f..%2fpackage.json',
      '/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/..\\..\\web-app.test.ts',
      '/robots.txt%00.js',
    ];
    for (const path of attempts) {
      for (const headers of [HTML, JSON_ACCEPT, {}]) {
        const reply = await get(base, path, headers);
        assert.ok(reply.status === 404 || reply.status === 400, `${path} answered ${reply.status}`);
        assert.doesNotMatch(reply.body, /SECRET|hidden-secret|describe\(|"name"|<div id="root">/, path);
      }
    }
  });

  it('serves no page for a path with a dot segment or under a Vite-reserved prefix (never a client route)', async () => {
    for (const path of [
      '/.meteor/local/db',
      '/.git/config',
      '/channels/.hidden',
      '/@fs/etc/passwd',
      '/@id/anything',
      '/@vite/client',
      '/__open-in-editor',
      '/__perseid/nothing',
    ]) {
      const reply = await get(base, path, HTML);
      assert.equal(reply.status, 404, path);
    }
    assert.equal((await get(base, '/@alice', HTML)).status, 200);
  });

  it('compresses responses for clients that accept gzip', async () => {
    const reply = await get(base, '/api/big', { 'accept-encoding': 'gzip' });
    assert.equal(reply.headers['content-encoding'], 'gzip');
    assert.equal(reply.body, 'x'.repeat(10_000));
  });

  it('answers a missing file with a 404 HTML page for browsers', async () => {
    const reply = await get(base, '/missing.js', HTML);
    assert.equal(reply.status, 404);
    assert.match(String(reply.headers['content-type']), /text\/html/);
    assert.match(reply.body, /<h1>404<\/h1>/);
  });

  it('answers a missing resource with 404 JSON for Accept: application/json', async () => {
    const reply = await get(base, '/api/nothing', JSON_ACCEPT);
    assert.equal(reply.status, 404);
    assert.deepEqual(JSON.parse(reply.body), { error: 404, reason: 'Not found' });
  });

  it('turns a thrown route error into a 500 that leaks nothing, and logs it on the server', async () => {
    const json = await get(base, '/api/boom', JSON_ACCEPT);
    assert.equal(json.status, 500);
    assert.deepEqual(JSON.parse(json.body), { error: 500, reason: 'Internal server error' });
    const html = await get(base, '/api/boom', HTML);
    assert.equal(html.status, 500);
    assert.match(html.body, /<h1>500<\/h1>/);
    for (const body of [json.body, html.body]) {
      assert.ok(!body.includes('hunter2'));
      assert.ok(!body.includes('web-app.test'), 'no stack frames');
    }
    assert.equal(logged.length, 2);
    assert.match(String((logged[0]?.error as Error | undefined)?.stack), /hunter2/);
  });

  it('keeps the status of client errors from Express middleware (bad JSON body → 400)', async () => {
    webApp.handlers.post('/api/echo', (await import('express')).default.json(), (req, res) => {
      res.json(req.body);
    });
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = request(`${base}/api/echo`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' } }, (res) => {
        let body = '';
        res
          .setEncoding('utf8')
          .on('data', (c: string) => (body += c))
          .on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end('{not json');
    });
    assert.equal(reply.status, 400);
    assert.deepEqual(JSON.parse(reply.body), { error: 400, reason: 'Bad request' });
    assert.equal(logged.length, 0);
  });

  it('runs onListening callbacks once listening, at once when already listening, and cancels on stop()', async () => {
    const other = createWebApp({ log: () => undefined });
    const calls: string[] = [];
    other.onListening(() => calls.push('first'));
    const cancelled = other.onListening(() => calls.push('cancelled'));
    cancelled.stop();
    cancelled.stop();
    await new Promise<void>((resolve) => other.httpServer.listen(0, '127.0.0.1', resolve));
    assert.deepEqual(calls, ['first']);
    await new Promise<void>((resolve) => other.onListening(() => resolve()));
    other.httpServer.close();
  });

  it('reports health with version and database state', async () => {
    let unknown = await get(base, HEALTH_PATH);
    assert.equal(unknown.status, 200);
    assert.deepEqual(JSON.parse(unknown.body), { status: 'ok', version: '0.1.0', clientVersion: 'abc123', database: 'unknown', checks: {} });
    webApp.setDatabaseProbe(async () => 'connected');
    unknown = await get(base, HEALTH_PATH);
    assert.equal((JSON.parse(unknown.body) as { database: string }).database, 'connected');
    webApp.setDatabaseProbe(async () => {
      throw new Error('probe broke');
    });
    assert.equal((JSON.parse((await get(base, HEALTH_PATH)).body) as { database: string }).database, 'unknown');
  });

  it('answers 503 with the reason when the database is unreachable, a check fails or the server drains', async () => {
    const other = createWebApp({ log: () => undefined });
    await new Promise<void>((resolve) => other.httpServer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(other.httpServer.address() as AddressInfo).port}`;
    try {
      let database: 'connected' | 'unreachable' = 'connected';
      other.setDatabaseProbe(async () => database);
      let streamsHealthy = true;
      other.addHealthCheck('changeStreams', () => ({ healthy: streamsHealthy, report: { streams: [] } }));
      const health = async (): Promise<{ status: number; body: { status: string; database: string; checks: Record<string, { healthy: boolean }> } }> => {
        const reply = await get(url, HEALTH_PATH);
        return { status: reply.status, body: JSON.parse(reply.body) as never };
      };
      let h = await health();
      assert.deepEqual([h.status, h.body.status, h.body.checks['changeStreams']?.healthy], [200, 'ok', true]);
      database = 'unreachable';
      h = await health();
      assert.deepEqual([h.status, h.body.status, h.body.database], [503, 'degraded', 'unreachable']);
      database = 'connected';
      streamsHealthy = false;
      h = await health();
      assert.deepEqual([h.status, h.body.status, h.body.checks['changeStreams']?.healthy], [503, 'degraded', false]);
      other.addHealthCheck('changeStreams', () => {
        throw new Error('secret detail');
      });
      const thrown = await get(url, HEALTH_PATH);
      assert.equal(thrown.status, 503);
      assert.ok(!thrown.body.includes('secret detail'));
      other.addHealthCheck('changeStreams', () => ({ healthy: true, report: null }));
      assert.equal((await health()).status, 200);
      other.setServingState('draining');
      h = await health();
      assert.deepEqual([h.status, h.body.status], [503, 'draining']);
    } finally {
      other.httpServer.close();
    }
  });
});
