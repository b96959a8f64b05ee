import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTestOrchestrator } from './test-orchestrator';
import { runTestScript } from './test-script';

const REPO_NODE_MODULES = fileURLToPath(new URL('../../../../node_modules', import.meta.url));

describe('test orchestrator', function () {
  this.timeout(60_000);
  let root: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'perseid-orchestrator-'));
    symlinkSync(REPO_NODE_MODULES, join(root, 'node_modules'));
    const write = (rel: string, text: string): void => {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    write('packages/alpha/src/ok.test.ts', "import assert from 'node:assert/strict';\ndescribe('alpha', () => { it('passes', () => assert.ok(true)); it.skip('skipped', () => undefined); });\n");
    write('packages/beta/test/bad.test.ts', "import assert from 'node:assert/strict';\ndescribe('beta', () => { it('fails', () => assert.equal(1, 2)); });\n");
    write('packages/beta/src/page.browser.test.ts', "describe('never in the node stage', () => { it('x', () => { throw new Error('browser test ran in Node'); }); });\n");
    write('packages/alpha/src/grep.browser.test.ts', "describe('alpha in the page', () => { it('is kept by --grep', () => undefined); it('is dropped by --grep', () => { throw new Error('ran despite --grep'); }); });\n");
    write('packages/beta/fixtures/other.test.ts', "describe('not a package test dir', () => { it('x', () => { throw new Error('fixture ran'); }); });\n");
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('runs each package\'s node tests, skips browser tests and fixtures, and ends with one summary line', async () => {
    const lines: string[] = [];
    const stats = await runTestOrchestrator({ root, only: ['node'], filters: [], log: (l) => lines.push(l) });
    assert.deepEqual(stats, { passed: 1, failed: 1, skipped: 1 });
    assert.equal(lines[lines.length - 1], '1 passed, 1 failed, 1 skipped');
    assert.ok(lines.some((l) => l.includes('--- packages/alpha (1 file)')));
    assert.ok(lines.some((l) => l.includes('--- packages/beta (1 file)')));
  });

  it('keeps only files matching a filter', async () => {
    const lines: string[] = [];
    const stats = await runTestOrchestrator({ root, only: ['node'], filters: ['alpha'], log: (l) => lines.push(l) });
    assert.deepEqual(stats, { passed: 1, failed: 0, skipped: 1 });
    assert.ok(!lines.some((l) => l.includes('packages/beta')));
  });

  it('honours --grep in the browser stage', async () => {
    const lines: string[] = [];
    const stats = await runTestOrchestrator({ root, only: ['browser'], filters: [], grep: 'kept by', log: (l) => lines.push(l) });
    assert.deepEqual(stats, { passed: 1, failed: 0, skipped: 0 }, lines.join('\n'));
    assert.ok(!lines.some((l) => l.includes('dropped by --grep')));
  });

  it('rejects an unknown stage or flag as a usage error (exit 2)', async () => {
    assert.equal(await runTestScript(['--only', 'unit'], root), 2);
    assert.equal(await runTestScript(['--bogus'], root), 2);
    assert.equal(await runTestScript(['--help'], root), 0);
  });
});
