import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runMochaChild } from './run-mocha-child';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/mocha/${name}`, import.meta.url));
const root = fileURLToPath(new URL('../../../..', import.meta.url));

describe('runMochaChild', function () {
  this.timeout(60_000);

  it('reports passed, failed and skipped counts of a test group', async () => {
    let output = '';
    const stats = await runMochaChild({
      cwd: root,
      config: { files: [fixture('mixed.fixture.ts')], setupModules: [], timeoutMs: 5000 },
      output: (s) => (output += s),
    });
    assert.deepEqual(stats, { passed: 1, failed: 1, skipped: 1 });
    assert.match(output, /passes/);
    assert.match(output, /AssertionError|Expected values to be strictly equal/);
  });

  it('counts a group whose process stays alive after its tests as a failure, and names the open resources', async () => {
    let output = '';
    const stats = await runMochaChild({
      cwd: root,
      config: { files: [fixture('leaves-timer.fixture.ts')], setupModules: [], timeoutMs: 5000 },
      exitGraceMs: 7000,
      output: (s) => (output += s),
    });
    assert.deepEqual(stats, { passed: 1, failed: 1, skipped: 0 });
    assert.match(output, /did not exit/);
    assert.match(output, /Timeout/);
  });

  it('counts a file that cannot be loaded as a failure instead of silently skipping it', async () => {
    let output = '';
    const stats = await runMochaChild({
      cwd: root,
      config: { files: [fixture('broken-import.fixture.ts')], setupModules: [], timeoutMs: 5000 },
      output: (s) => (output += s),
    });
    assert.equal(stats.failed, 1);
    assert.match(output, /does-not-exist/);
  });
});
