import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const APP = fileURLToPath(new URL('../fixtures/app', import.meta.url));
const METEOR = fileURLToPath(new URL('../../meteor/bin/meteor.js', import.meta.url));

function meteor(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env['PERSEID_TEST_STATS_FILE'];
    delete env['MONGO_URL'];
    const child = spawn(process.execPath, [METEOR, ...args], { cwd: APP, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (output += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('meteor test --once (fixture app, real Node + Chromium)', function () {
  this.timeout(180_000);
  after(() => rmSync(`${APP}/.meteor/local`, { recursive: true, force: true }));

  it('test mode runs *.test.* files on their sides, fails on a failing client test, and ends with the summary line', async () => {
    const { code, output } = await meteor(['test', '--once']);
    assert.equal(code, 1, output);
    assert.match(output, /a \(both sides\)[\s\S]*a \(both sides\)/, 'a.test.ts ran on the server and in the browser');
    assert.match(output, /fails on purpose/);
    assert.doesNotMatch(output, /b \(full-app\)/);
    assert.doesNotMatch(output, /tests\/ must not be loaded/);
    assert.match(output, /\n2 passed, 1 failed\n?$/);
  });

  it('--full-app loads the main module then *.app-test.* files, with Meteor.isAppTest', async () => {
    const { code, output } = await meteor(['test', '--once', '--full-app']);
    assert.equal(code, 0, output);
    assert.match(output, /b \(full-app\)/);
    assert.doesNotMatch(output, /fails on purpose/);
    assert.match(output, /\n2 passed, 0 failed\n?$/);
  });

  it('--filter keeps only matching test modules', async () => {
    const { code, output } = await meteor(['test', '--once', '--filter', 'a.test']);
    assert.equal(code, 0, output);
    assert.match(output, /\n2 passed, 0 failed\n?$/);
  });
});
