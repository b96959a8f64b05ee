import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_JSON_BODY_DEPTH, jsonBody } from './json-body';
import { createWebApp, type WebAppServer } from './web-app';

interface Reply {
  status: number;
  body: string;
}

function post(base: string, path: string, body: string, contentType = 'application/json'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'POST', headers: { 'content-type': contentType, accept: 'application/json' } }, (res) => {
      let text = '';
      res
        .setEncoding('utf8')
        .on('data', (chunk: string) => (text += chunk))
        .on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** Counts the levels of a parsed body the way app code walks one: recursively. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

describe('jsonBody', () => {
  let webApp: WebAppServer;
  let base: string;
  const logged: unknown[] = [];

  beforeEach(async () => {
    logged.length = 0;
    webApp = createWebApp({ log: (_message, error) => logged.push(error) });
    webApp.handlers.post('/api/depth', jsonBody(), (req, res) => {
      res.json({ depth: depthOf(req.body) });
    });
    webApp.handlers.post('/api/small', jsonBody({ maxBytes: 1024, maxDepth: 4 }), (req, res) => {
      res.json({ depth: depthOf(req.body) });
    });
    await new Promise<void>((resolve) => webApp.httpServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(webApp.httpServer.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    webApp.httpServer.closeAllConnections();
    await new Promise<void>((resolve) => webApp.httpServer.close(() => resolve()));
  });

  it('answers a body nested 6,000 levels deep (12 KB) with 400 before the handler walks it, and keeps serving', async () => {
    const body = `{"a":${nested(6000)}}`;
    assert.ok(body.length > 12_000);
    const reply = await post(base, '/api/depth', body);
    assert.equal(reply.status, 400);
    assert.deepEqual(JSON.parse(reply.body), { error: 400, reason: 'Bad request' });
    assert.deepEqual(logged, []);
    const ok = await post(base, '/api/depth', '{"a":[1]}');
    assert.deepEqual(JSON.parse(ok.body), { depth: 2 });
  });

  it(`accepts ${DEFAULT_JSON_BODY_DEPTH} levels by default, and the depth given`, async () => {
    assert.deepEqual(JSON.parse((await post(base, '/api/depth', nested(DEFAULT_JSON_BODY_DEPTH))).body), { depth: DEFAULT_JSON_BODY_DEPTH });
    assert.equal((await post(base, '/api/depth', nested(DEFAULT_JSON_BODY_DEPTH + 1))).status, 400);
    assert.equal((await post(base, '/api/small', nested(4))).status, 200);
    assert.equal((await post(base, '/api/small', nested(5))).status, 400);
  });

  it('does not count brackets inside strings', async () => {
    const reply = await post(base, '/api/small', JSON.stringify({ text: '[[[[[[[[{{{{{{"\\' }));
    assert.deepEqual(JSON.parse(reply.body), { depth: 1 });
  });

  it('answers a body over maxBytes with 413, and one that is not JSON with 400', async () => {
    const big = await post(base, '/api/small', JSON.stringify({ pad: 'x'.repeat(2000) }));
    assert.equal(big.status, 413);
    assert.deepEqual(JSON.parse(big.body), { error: 413, reason: 'Payload too large' });
    assert.equal((await post(base, '/api/depth', '{"a":')).status, 400);
    assert.deepEqual(logged, []);
  });

  it('answers a charset other than UTF-8 with 415', async () => {
    const reply = await post(base, '/api/depth', '{}', 'application/json; charset=utf-16le');
    assert.equal(reply.status, 415);
  });
});
