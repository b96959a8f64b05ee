import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { APP_SHELL_WORKER_PATH, appShellManifest, createWebApp } from '../src/index';
import type { WebAppPageOptions, WebAppServer } from '../src/index';

const page: WebAppPageOptions = {
  runtime: { rootUrl: 'http://127.0.0.1', settings: {}, nodeEnv: 'production', testMode: false, clientVersion: 'c1' },
  page: { head: '', body: '', stylesheets: [], scripts: [] },
};

describe('WebApp /__perseid/sw.js (the app-shell service worker)', () => {
  let webApp: WebAppServer;
  let base: string;

  before(async () => {
    webApp = createWebApp({ log: () => undefined, makeNonce: () => 'n0nce' });
    await new Promise<void>((resolve) => webApp.httpServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(webApp.httpServer.address() as AddressInfo).port}`;
  });
  after(async () => {
    webApp.httpServer.closeAllConnections();
    await new Promise<void>((resolve) => webApp.httpServer.close(() => resolve()));
  });

  it('serves the worker of the current version behind its manifest, never cached by HTTP, allowed to control the whole origin', async () => {
    webApp.configure({
      ...page,
      appShell: { manifest: appShellManifest('v1', [{ url: '/assets/a-1.js', size: 3 }]), workerCode: 'self.addEventListener("fetch", () => {});' },
    });
    const response = await fetch(`${base}${APP_SHELL_WORKER_PATH}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(response.headers.get('cache-control'), 'no-cache, no-store, must-revalidate');
    assert.equal(response.headers.get('service-worker-allowed'), '/');
    const script = await response.text();
    assert.equal(script, 'self["__perseidAppShell"] = {"version":"v1","page":"/","files":["/assets/a-1.js"]};\nself.addEventListener("fetch", () => {});');

    // A redeploy (another version) is another script: what makes the browser install it.
    webApp.configure({ ...page, appShell: { manifest: appShellManifest('v2', [{ url: '/assets/a-2.js', size: 3 }]), workerCode: 'x' } });
    assert.match(await (await fetch(`${base}${APP_SHELL_WORKER_PATH}`)).text(), /"version":"v2".*"\/assets\/a-2\.js"/);
  });

  it('is a 404 without a production client (meteor run in development), never the page', async () => {
    webApp.configure(page);
    const response = await fetch(`${base}${APP_SHELL_WORKER_PATH}`, { headers: { accept: 'text/html' } });
    assert.equal(response.status, 404);
    assert.doesNotMatch(await response.text(), /__meteor_runtime_config__/);
  });
});
