import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTestOrchestrator } from './test-orchestrator';
import { runTestScript } from './test-script';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const REPO_NODE_MODULES = join(REPO_ROOT, 'node_modules');

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
    write(
      'packages/alpha/src/ok.test.ts',
      "import assert from 'node:assert/strict';\ndescribe('alpha', () => { it('passes', () => assert.ok(true)); it.skip('skipped', () => undefined); });\n",
    );
    write('packages/beta/test/bad.test.ts', "import assert from 'node:assert/strict';\ndescribe('beta', () => { it('fails', () => assert.equal(1, 2)); });\n");
    write(
      'packages/beta/src/page.browser.test.ts',
      "describe('never in the node stage', () => { it('x', () => { throw new Error('browser test ran in Node'); }); });\n",
    );
    write(
      'packages/alpha/src/grep.browser.test.ts',
      "describe('alpha in the page', () => { it('is kept by --grep', () => undefined); it('is dropped by --grep', () => { throw new Error('ran despite --grep'); }); });\n",
    );
    write('packages/beta/fixtures/other.test.ts', "describe('not a package test dir', () => { it('x', () => { throw new Error('fixture ran'); }); });\n");
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("runs each package's node tests, skips browser tests and fixtures, and ends with one summary line", async () => {
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

  it("starts with the lint stage: the project's Biome rules and formatter, failing on a TypeScript `private` member or unformatted code", async () => {
    const lintRoot = mkdtempSync(join(tmpdir(), 'perseid-orchestrator-lint-'));
    try {
      symlinkSync(REPO_NODE_MODULES, join(lintRoot, 'node_modules'));
      mkdirSync(join(lintRoot, 'scripts', 'lint'), { recursive: true });
      mkdirSync(join(lintRoot, 'packages', 'gamma', 'src'), { recursive: true });
      for (const rel of ['biome.json', 'scripts/lint/no-ts-private.grit']) copyFileSync(join(REPO_ROOT, rel), join(lintRoot, rel));
      writeFileSync(join(lintRoot, '.gitignore'), 'node_modules/\n');
      const counter = join(lintRoot, 'packages', 'gamma', 'src', 'counter.ts');
      writeFileSync(counter, 'export class Counter {\n  private count = 0;\n\n  next(): number {\n    return ++this.count;\n  }\n}\n');
      const names = join(lintRoot, 'packages', 'gamma', 'src', 'names.ts');
      writeFileSync(names, 'export const names = [ "a","b" ];\n');
      const lines: string[] = [];
      const failing = await runTestOrchestrator({ root: lintRoot, only: ['lint'], filters: [], log: (l) => lines.push(l) });
      assert.deepEqual(failing, { passed: 0, failed: 2, skipped: 0 });
      assert.ok(lines.some((l) => l.startsWith('[lint] 0 passed, 2 failed')));

      writeFileSync(counter, 'export class Counter {\n  #count = 0;\n\n  next(): number {\n    return ++this.#count;\n  }\n}\n');
      writeFileSync(names, "export const names = ['a', 'b'];\n");
      assert.deepEqual(await runTestOrchestrator({ root: lintRoot, only: ['lint'], filters: [], log: () => undefined }), { passed: 2, failed: 0, skipped: 0 });
    } finally {
      rmSync(lintRoot, { recursive: true, force: true });
    }
  });
});
