import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { createWebApp, insertIntoElementById } from '../src/index';
import type { WebAppServer } from '../src/index';

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/html', 'accept-encoding': 'identity', ...headers } }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (c: string) => (body += c))
        .on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('server-render: onPageLoad sink over HTTP', () => {
  let webApp: WebAppServer;
  let base: string;

  beforeEach(async () => {
    webApp = createWebApp({ log: () => undefined, makeNonce: () => 'n0nce' });
    webApp.configure({
      runtime: { rootUrl: 'http://localhost:3000', settings: {}, nodeEnv: 'production', testMode: false, clientVersion: 'v1' },
      page: {
        head: '<title>App</title>',
        body: '<div id="react-target"><p>loading</p></div><div id="footer"><span>f</span></div>',
        stylesheets: [],
        scripts: ['/app.js'],
      },
    });
    await new Promise<void>((resolve) => webApp.httpServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(webApp.httpServer.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    webApp.httpServer.closeAllConnections();
    await new Promise<void>((resolve) => webApp.httpServer.close(() => resolve()));
  });

  it('the served page carries what the callbacks put in head, body and elements, per request', async () => {
    webApp.onPageLoad(async (sink) => {
      await Promise.resolve();
      sink.appendToHead(`<meta name="rendered-for" content="${sink.request.url.pathname}?tab=${sink.request.url.query['tab'] ?? ''}">`);
      sink.renderIntoElementById('react-target', '<main>Hello from the server</main>');
      sink.appendToElementById('footer', '<em>added</em>');
      sink.appendToBody('<script>window.__STATE__ = 1</script>');
      sink.setHeader('X-Rendered', 'yes');
    });
    const page = await get(`${base}/channels/general?tab=files`, { cookie: 'theme=dark' });
    assert.equal(page.status, 200);
    assert.equal(page.headers['x-rendered'], 'yes');
    assert.match(page.body, /<head>[\s\S]*<meta name="rendered-for" content="\/channels\/general\?tab=files">[\s\S]*<\/head>/);
    assert.match(page.body, /<div id="react-target"><main>Hello from the server<\/main><\/div>/);
    assert.ok(!page.body.includes('loading'), 'renderIntoElementById replaces the content');
    assert.match(page.body, /<div id="footer"><span>f<\/span><em>added<\/em><\/div>/);
    assert.match(page.body, /<script nonce="n0nce">window.__STATE__ = 1<\/script>/, 'its inline scripts run under the CSP nonce');
  });

  it('setStatusCode, redirect and cookies', async () => {
    webApp.onPageLoad((sink) => {
      if (sink.request.path === '/missing') sink.setStatusCode(404);
      if (sink.request.path === '/old') sink.redirect('/new');
      if (sink.request.path === '/temp') sink.redirect('/elsewhere', 302);
      sink.appendToHead(`<meta name="theme" content="${sink.getCookies()['theme'] ?? 'none'}">`);
    });
    const missing = await get(`${base}/missing`, { cookie: 'theme=dark; other=1' });
    assert.equal(missing.status, 404);
    assert.match(missing.body, /<meta name="theme" content="dark">/);
    const old = await get(`${base}/old`);
    assert.equal(old.status, 301);
    assert.equal(old.headers['location'], '/new');
    assert.equal((await get(`${base}/temp`)).status, 302);
  });

  it('a page without callbacks is served unchanged; a bad sink call is an error, not a crash', async () => {
    const plain = await get(`${base}/`);
    assert.match(plain.body, /<div id="react-target"><p>loading<\/p><\/div>/);
    webApp.onPageLoad((sink) => sink.setStatusCode(42));
    assert.equal((await get(`${base}/`)).status, 500);
    assert.equal((await get(`${base}/`)).status, 500, 'the server still answers');
  });

  it('insertIntoElementById finds the matching end tag past nested elements of the same tag', () => {
    const html = '<div id="a"><div>x</div><div>y</div></div><div>z</div>';
    assert.equal(insertIntoElementById(html, 'a', '<b>!</b>', 'append'), '<div id="a"><div>x</div><div>y</div><b>!</b></div><div>z</div>');
    assert.equal(insertIntoElementById(html, 'a', 'new', 'replace'), '<div id="a">new</div><div>z</div>');
    assert.equal(insertIntoElementById(html, 'none', 'new', 'replace'), html);
  });
});
