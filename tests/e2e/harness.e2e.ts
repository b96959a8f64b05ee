import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './support/app-copy';
import { startApp } from './support/app-process';
import { chromiumPath } from './support/chromium';
import { sharedApp } from './support/shared-app';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** The suite's promises to the developer: their database is never touched, nothing is left behind. */
describe('the e2e harness', function () {
  this.timeout(180_000);

  it('runs the app from a copy, with its database under the copy, not the working tree', async function () {
    this.timeout(300_000);
    const app = await sharedApp();
    assert.notEqual(app.dir, REPO_ROOT);
    assert.ok(!app.dir.startsWith(REPO_ROOT), 'the copy lives outside the working tree');
    assert.ok(existsSync(join(app.dir, '.meteor', 'local', 'db')), "the run's database is inside the copy");
    const health = (await (await fetch(`${app.url}/__perseid/health`)).json()) as { database: string };
    assert.equal(health.database, 'connected');
  });

  it('stop() ends meteor run, its server and database, frees both ports and deletes the copy; a second stop() is harmless', async () => {
    const app = await startApp();
    await app.stop();
    await app.stop();
    assert.equal(app.state(), 'stopped');
    assert.equal(existsSync(app.dir), false);
    assert.equal(await portFree(app.port), true, 'app port free');
    assert.equal(await portFree(app.port + 1), true, 'database port free');
    assert.throws(() => process.kill(-app.pid, 0), 'no process of the run is left');
  });

  it("a run that cannot start rejects with meteor run's own message", async () => {
    await assert.rejects(startApp({ settings: 'no-such-settings.json' }), (error: Error) => {
      assert.match(error.message, /meteor run exited before printing/);
      assert.match(error.message, /no-such-settings\.json/);
      return true;
    });
  });

  it('CHROME_PATH pointing nowhere is a clear error naming it', () => {
    assert.throws(() => chromiumPath({ CHROME_PATH: '/nonexistent/chromium' }), /Chromium not found at \/nonexistent\/chromium: install Debian's chromium/);
    assert.equal(chromiumPath({ CHROME_PATH: '/usr/bin/chromium' }), '/usr/bin/chromium');
  });
});
