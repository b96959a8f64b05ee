import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLocalConnection, isSslConnection } from 'meteor/force-ssl-common';
import { forceSslRedirect } from '../src/force-ssl-redirect';

/** A real HTTP server whose app answers 200 "app" behind the force-ssl handler. */
async function serve(): Promise<{ server: Server; port: number; seen: string[] }> {
  const seen: string[] = [];
  const handler = forceSslRedirect(() => 'http://chat.example.com:3000/', ['/__perseid/health']);
  const server = createServer((req, res) => {
    seen.push(`${String(isLocalConnection(req))}/${String(isSslConnection(req))}`);
    handler(req, res, () => res.end('app'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

/** GET without following redirects (fetch would follow to the https URL). */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; location: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('force-ssl (meteor/force-ssl over a real HTTP server)', () => {
  let app: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    app = await serve();
  });
  after(() => {
    app.server.close();
  });

  it('serves a connection that is local all the way (development) as it is', async () => {
    assert.deepEqual(await get(app.port, '/tasks'), { status: 200, location: undefined, body: 'app' });
    assert.equal(app.seen.at(-1), 'true/false');
  });

  it('sends a plain-HTTP request that a proxy received from elsewhere to https on the ROOT_URL host, path kept', async () => {
    const answer = await get(app.port, '/tasks?x=1', { 'x-forwarded-for': '203.0.113.5' });
    assert.equal(answer.status, 302);
    assert.equal(answer.location, 'https://chat.example.com/tasks?x=1');
    const rfc7239 = await get(app.port, '/', { forwarded: 'for=203.0.113.5;proto=http' });
    assert.equal(rfc7239.location, 'https://chat.example.com/');
  });

  it('passes a request the proxy received over HTTPS, and the health probe', async () => {
    assert.equal((await get(app.port, '/tasks', { 'x-forwarded-for': '203.0.113.5', 'x-forwarded-proto': 'https' })).status, 200);
    assert.equal((await get(app.port, '/tasks', { forwarded: 'for="[2001:db8::17]:4711";proto=https' })).status, 200);
    assert.equal((await get(app.port, '/__perseid/health', { 'x-forwarded-for': '203.0.113.5' })).status, 200);
  });

  it('counts a proxy hop over loopback as local, and any other hop as remote', async () => {
    assert.equal((await get(app.port, '/', { 'x-forwarded-for': '127.0.0.1, ::1' })).status, 200);
    assert.equal((await get(app.port, '/', { 'x-forwarded-for': '127.0.0.1, 10.0.0.2' })).status, 302);
    assert.equal((await get(app.port, '/', { forwarded: 'for="[::1]:5000"' })).status, 200);
  });

  it('once loaded, Meteor.absoluteUrl() answers https for any host but localhost', async function () {
    // The first load of the facade brings the whole server runtime in.
    this.timeout(60_000);
    const { Meteor } = await import('meteor/meteor');
    // Another test file of this process may have loaded it already (a module loads once), so
    // this test asserts the state it leaves, not the state before it.
    await import('meteor/force-ssl');
    assert.equal(Meteor.absoluteUrl.defaultOptions.secure, true);
    assert.equal(Meteor.absoluteUrl('x', { rootUrl: 'http://chat.example.com', secure: false }), 'http://chat.example.com/x');
    assert.equal(Meteor.absoluteUrl('x', { rootUrl: 'http://chat.example.com' }), 'https://chat.example.com/x');
    assert.equal(Meteor.absoluteUrl('x', { rootUrl: 'http://localhost:3000' }), 'http://localhost:3000/x');
  });
});
