import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { cleanEnv, copyFixtureApp, METEOR_BIN, startCommand } from './fixture-app';

let app: ReturnType<typeof copyFixtureApp>;

async function meteorTest(filters: string[], extra: string[] = []): Promise<{ code: number | null; output: string }> {
  const run = startCommand([METEOR_BIN, 'test', '--once', ...extra, ...filters.flatMap((f) => ['--filter', f])], app.dir, cleanEnv());
  const code = await run.exited;
  return { code, output: run.output() };
}

describe('meteor test --once on an app shaped as Meteor 3 apps are (fixtures/compat-app)', function () {
  this.timeout(120_000);
  before(() => {
    app = copyFixtureApp('compat-app');
  });
  after(() => app.remove());

  it('runs methods that check() nothing when .meteor/packages does not list audit-argument-checks', async () => {
    const { code, output } = await meteorTest(['audit-off']);
    assert.equal(code, 0, output);
    assert.match(output, /\n1 passed, 0 failed\n?$/);
  });

  it("audits arguments by Meteor's rule once .meteor/packages lists audit-argument-checks", async () => {
    const packages = join(app.dir, '.meteor', 'packages');
    const listed = readFileSync(packages, 'utf8');
    appendFileSync(packages, 'audit-argument-checks\n');
    try {
      const { code, output } = await meteorTest(['audit-on']);
      assert.equal(code, 0, output);
      assert.match(output, /\n3 passed, 0 failed\n?$/);
    } finally {
      writeFileSync(packages, listed);
    }
  });

  it("ends with the tests' result when they touched Mongo and Accounts (0 when they pass)", async () => {
    const { code, output } = await meteorTest(['mongo-accounts']);
    assert.equal(code, 0, output);
    assert.doesNotMatch(output, /did not exit/);
    assert.match(output, /\n2 passed, 0 failed\n?$/);
  });

  it('ends with a non-zero code when one of those tests fails', async () => {
    const { code, output } = await meteorTest(['mongo-accounts', 'fails']);
    assert.equal(code, 1, output);
    assert.doesNotMatch(output, /did not exit/);
    assert.match(output, /\n2 passed, 1 failed\n?$/);
  });

  it('ends at once with a failure when the app server cannot start (its port is taken)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as AddressInfo;
      const { code, output } = await meteorTest(['audit-off'], ['--port', String(port)]);
      assert.equal(code, 1, output);
      assert.match(output, /already in use/);
      assert.doesNotMatch(output, /did not exit/);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
