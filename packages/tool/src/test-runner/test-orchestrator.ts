/**
 * `npm test`: the stages, in order, each printing its own output:
 *
 *   lint (Biome: lint rules, then the formatter's check) → typecheck → node (package tests, one mocha process per package) → browser (package
 *   *.browser.test.* files in headless Chromium) → app (`meteor test --once`) → e2e → compat
 *   (tests/compat: small Meteor 3 apps, each through its own `meteor test --once` and `meteor run`)
 *
 * then exactly one summary line summed over every stage. Later stages still run after an
 * earlier one fails, so one run shows every problem; the exit code is non-zero on any failure.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowserTests } from '../browser/run-browser-tests';
import { ToolError } from '../tool-error';
import { findFiles } from './find-files';
import { runMochaChild } from './run-mocha-child';
import type { TestStats } from './test-stats';
import { addStats, EMPTY_STATS, formatSummaryLine, parseTestStats } from './test-stats';

export const TEST_STAGES = ['lint', 'typecheck', 'node', 'browser', 'app', 'e2e', 'compat'] as const;
export type TestStage = (typeof TEST_STAGES)[number];

export interface TestOrchestratorOptions {
  readonly root: string;
  /** Run only these stages (all when empty). */
  readonly only: readonly TestStage[];
  /** Keep only test files whose root-relative path contains one of these strings. */
  readonly filters: readonly string[];
  readonly grep?: string;
  readonly log?: (line: string) => void;
}

/** Environment variable through which a child test command hands its counts back. */
export const TEST_STATS_FILE_ENV = 'PERSEID_TEST_STATS_FILE';

/** `meteor test` reads its mocha grep here, as Meteor's test driver (meteortesting:mocha) does. */
export const MOCHA_GREP_ENV = 'MOCHA_GREP';

const MOCHA_TIMEOUT_MS = 10_000;
const NODE_TEST_RE = /^packages\/[^/]+\/(src|test)\/.+\.test\.(ts|tsx)$/;
const BROWSER_TEST_RE = /^packages\/[^/]+\/(src|test)\/.+\.browser\.test\.(ts|tsx)$/;
const E2E_TEST_RE = /^tests\/e2e\/.+\.e2e\.(ts|tsx)$/;
const COMPAT_TEST_RE = /^tests\/compat\/[^/]+\.compat\.ts$/;

export async function runTestOrchestrator(options: TestOrchestratorOptions): Promise<TestStats> {
  const log = options.log ?? ((line: string) => console.log(line));
  const wanted = (stage: TestStage): boolean => options.only.length === 0 || options.only.includes(stage);
  const keep = (rel: string): boolean => options.filters.length === 0 || options.filters.some((f) => rel.includes(f));
  const grep = options.grep === undefined ? {} : { grep: options.grep };
  let total = EMPTY_STATS;
  const stageResult = (stage: TestStage, stats: TestStats): void => {
    log(`[${stage}] ${formatSummaryLine(stats)}`);
    total = addStats(total, stats);
  };

  // First because it takes seconds and names the file and line of a slip before anything slow runs.
  if (wanted('lint') && options.filters.length === 0) {
    log('\n=== lint (biome lint --error-on-warnings, biome format)');
    stageResult('lint', addStats(await runBiome(options.root, ['lint', '--error-on-warnings']), await runBiome(options.root, ['format'])));
  }

  if (wanted('typecheck') && options.filters.length === 0) {
    let stats = EMPTY_STATS;
    for (const project of typecheckProjects(options.root)) {
      log(`\n=== typecheck (tsc --noEmit -p ${project})`);
      stats = addStats(stats, await runTypecheck(options.root, project));
    }
    stageResult('typecheck', stats);
  }

  if (wanted('node')) {
    log('\n=== node package tests (mocha)');
    const files = findFiles(options.root, 'packages', (rel) => NODE_TEST_RE.test(rel) && !BROWSER_TEST_RE.test(rel) && keep(rel));
    let stats = EMPTY_STATS;
    for (const [pkg, pkgFiles] of groupByPackage(files)) {
      log(`\n--- packages/${pkg} (${pkgFiles.length} file${pkgFiles.length === 1 ? '' : 's'})`);
      stats = addStats(
        stats,
        await runMochaChild({
          cwd: options.root,
          config: { files: pkgFiles.map((f) => join(options.root, f)), setupModules: [], timeoutMs: MOCHA_TIMEOUT_MS, ...grep },
        }),
      );
    }
    stageResult('node', stats);
  }

  if (wanted('browser')) {
    log('\n=== browser package tests (mocha in headless Chromium)');
    const files = findFiles(options.root, 'packages', (rel) => BROWSER_TEST_RE.test(rel) && keep(rel));
    let stats: TestStats;
    try {
      stats = await runBrowserTests({
        root: options.root,
        groups: files.map((f) => ({ label: f, testFiles: [join(options.root, f)] })),
        timeoutMs: MOCHA_TIMEOUT_MS,
        log,
        ...grep,
      });
    } catch (error) {
      if (!(error instanceof ToolError)) throw error;
      log(error.message);
      stats = { passed: 0, failed: 1, skipped: 0 };
    }
    stageResult('browser', stats);
  }

  if (wanted('app')) {
    log('\n=== app tests (meteor test --once)');
    stageResult('app', await runAppTestCommand(options.root, options.filters, options.grep));
  }

  if (wanted('e2e')) {
    const files = findFiles(options.root, 'tests/e2e', (rel) => E2E_TEST_RE.test(rel) && keep(rel));
    if (files.length > 0) {
      log('\n=== end-to-end tests (mocha)');
      stageResult(
        'e2e',
        await runMochaChild({
          cwd: options.root,
          config: { files: files.map((f) => join(options.root, f)), setupModules: [], timeoutMs: 60_000, ...grep },
        }),
      );
    }
  }

  if (wanted('compat')) {
    const files = findFiles(options.root, 'tests/compat', (rel) => COMPAT_TEST_RE.test(rel) && keep(rel));
    if (files.length > 0) {
      log('\n=== compatibility suite (tests/compat: Meteor 3 apps through meteor test and meteor run)');
      stageResult(
        'compat',
        await runMochaChild({
          cwd: options.root,
          config: { files: files.map((f) => join(options.root, f)), setupModules: [], timeoutMs: 240_000, ...grep },
        }),
      );
    }
  }

  log('');
  log(formatSummaryLine(total));
  return total;
}

function groupByPackage(files: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const pkg = file.split('/')[1] ?? '';
    const list = groups.get(pkg) ?? [];
    list.push(file);
    groups.set(pkg, list);
  }
  return groups;
}

/**
 * One program cannot hold both sides' types of `meteor/*`, so an app with per-side configs
 * (tsconfig.server.json: default conditions; tsconfig.client.json: `browser` conditions) is
 * checked once per side; otherwise its tsconfig.json.
 */
function typecheckProjects(root: string): string[] {
  const sides = ['tsconfig.server.json', 'tsconfig.client.json'].filter((name) => existsSync(join(root, name)));
  return sides.length > 0 ? sides : ['tsconfig.json'];
}

function runTypecheck(root: string, project: string): Promise<TestStats> {
  const require = createRequire(join(root, 'package.json'));
  const tsc = join(require.resolve('typescript/package.json'), '..', 'bin', 'tsc');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: root, stdio: 'inherit' });
    child.on('error', () => resolve({ passed: 0, failed: 1, skipped: 0 }));
    child.on('close', (code) => resolve(code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 }));
  });
}

/** One Biome command over the whole tree, without writing: one passed or one failed check. */
function runBiome(root: string, command: readonly string[]): Promise<TestStats> {
  const require = createRequire(join(root, 'package.json'));
  const biome = join(require.resolve('@biomejs/biome/package.json'), '..', 'bin', 'biome');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [biome, ...command, '--max-diagnostics=50', '.'], { cwd: root, stdio: 'inherit' });
    child.on('error', () => resolve({ passed: 0, failed: 1, skipped: 0 }));
    child.on('close', (code) => resolve(code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 }));
  });
}

const METEOR_BIN = fileURLToPath(new URL('../../../meteor/bin/meteor.js', import.meta.url));

/** Runs `meteor test --once` as a child and reads its counts from a stats file it writes. */
function runAppTestCommand(root: string, filters: readonly string[], grep: string | undefined): Promise<TestStats> {
  const dir = mkdtempSync(join(tmpdir(), 'perseid-app-test-'));
  const statsFile = join(dir, 'stats.json');
  // The app's test settings, when it has some, so tests can check the public/private split.
  const settings = existsSync(join(root, 'tests', 'settings.json')) ? ['--settings', 'tests/settings.json'] : [];
  const args = [METEOR_BIN, 'test', '--once', ...settings, ...filters.flatMap((f) => ['--filter', f])];
  return new Promise<TestStats>((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, [TEST_STATS_FILE_ENV]: statsFile, ...(grep === undefined ? {} : { [MOCHA_GREP_ENV]: grep }) },
    });
    child.on('error', () => resolve({ passed: 0, failed: 1, skipped: 0 }));
    child.on('close', (code) => {
      let stats: TestStats | undefined;
      try {
        stats = existsSync(statsFile) ? parseTestStats(JSON.parse(readFileSync(statsFile, 'utf8'))) : undefined;
      } catch {
        stats = undefined;
      }
      rmSync(dir, { recursive: true, force: true });
      if (stats === undefined) {
        console.error(`meteor test exited with code ${code} without reporting results; counted as a failure.`);
        stats = { passed: 0, failed: 1, skipped: 0 };
      } else if (code !== 0 && stats.failed === 0) {
        stats = { ...stats, failed: 1 };
      }
      resolve(stats);
    });
  });
}
