import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { copyApp, REPO_ROOT } from '../../e2e/support/app-copy';
import { launchChromium } from '../../e2e/support/chromium';
import { startApp } from '../../e2e/support/app-process';
import type { RunningApp } from '../../e2e/support/app-process';

export const COMPAT_APPS_DIR = fileURLToPath(new URL('../apps/', import.meta.url));
const METEOR_BIN = join(REPO_ROOT, 'packages', 'meteor', 'bin', 'meteor.js');

/** Generous: the dev server compiles modules on first request and the machine is shared. */
export const UI_TIMEOUT_MS = 30_000;

/**
 * The copy's node_modules as `npm install` would leave it for this app: the repository's
 * installed packages (the runtime's `meteor` facade among them), plus each `file:` dependency of
 * the app copied in as a real directory (as `npm install --install-links` places it).
 */
function installNodeModules(appDir: string): (copyDir: string) => void {
  return (copyDir) => {
    const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const local = Object.entries(pkg.dependencies ?? {}).filter(([, spec]) => spec.startsWith('file:'));
    const target = join(copyDir, 'node_modules');
    mkdirSync(target);
    const shared = join(REPO_ROOT, 'node_modules');
    for (const entry of readdirSync(shared)) {
      if (local.some(([name]) => name === entry || name.startsWith(`${entry}/`))) continue;
      symlinkSync(join(shared, entry), join(target, entry));
    }
    for (const [name, spec] of local) {
      cpSync(resolve(appDir, spec.slice('file:'.length)), join(target, name), { recursive: true });
    }
  };
}

function appDir(name: string): string {
  const dir = join(COMPAT_APPS_DIR, name);
  if (!existsSync(join(dir, 'package.json'))) throw new Error(`no compat app ${name} in ${COMPAT_APPS_DIR}`);
  return dir;
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['MONGO_URL', 'PORT', 'ROOT_URL', 'METEOR_SETTINGS', 'PERSEID_TEST_STATS_FILE', 'NODE_ENV', 'METEOR_TEST_MODE']) delete env[key];
  return env;
}

export interface MeteorTestResult {
  readonly exitCode: number | null;
  readonly output: string;
  readonly passed: number;
  readonly failed: number;
}

/** `meteor test --once` in a fresh copy of the app, as its developer runs it. */
export async function meteorTestOnce(name: string, timeoutMs = 150_000): Promise<MeteorTestResult> {
  const dir = appDir(name);
  const copy = copyApp(dir, { allEntries: true, installNodeModules: installNodeModules(dir) });
  const statsDir = mkdtempSync(join(tmpdir(), 'perseid-compat-stats-'));
  const statsFile = join(statsDir, 'stats.json');
  try {
    let output = '';
    const exitCode = await new Promise<number | null>((resolveExit, reject) => {
      const child = spawn(process.execPath, [METEOR_BIN, 'test', '--once'], {
        cwd: copy.dir,
        env: { ...cleanEnv(), PERSEID_TEST_STATS_FILE: statsFile },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      const timer = setTimeout(() => {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        reject(new Error(`meteor test --once did not end within ${timeoutMs} ms:\n${output.slice(-4000)}`));
      }, timeoutMs);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        resolveExit(code);
      });
    });
    const stats = existsSync(statsFile) ? (JSON.parse(readFileSync(statsFile, 'utf8')) as { passed: number; failed: number }) : { passed: 0, failed: 0 };
    return { exitCode, output, passed: stats.passed, failed: stats.failed };
  } finally {
    rmSync(statsDir, { recursive: true, force: true });
    copy.remove();
  }
}

/** `meteor run` on a fresh copy of the app (see startApp). */
export function runCompatApp(name: string): Promise<RunningApp> {
  const dir = appDir(name);
  return startApp({ root: dir, copy: { allEntries: true, installNodeModules: installNodeModules(dir) }, failurePattern: /=> Your application has errors/ });
}

/** A page in its own browser context (own storage: another person), collecting page errors. */
export async function openPerson(
  browser: Browser,
  url: string,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext();
  await prepare?.(context);
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Chromium's own line for an HTTP error names no URL; the response listener below reports it with one.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource:')) errors.push(message.text());
  });
  // A first load must not meet Vite re-optimising (504s, aborted module requests, a reload).
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`));
  page.on('response', (response) => {
    if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico') errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(url);
  return { page, errors };
}

export interface CompatAppSpec {
  /** Directory under apps/. */
  readonly name: string;
  /** What the app is (the describe title). */
  readonly shape: string;
  /** Fewest tests its own `meteor test --once` must pass (both sides together). */
  readonly minPassed: number;
  /** What the app's main action looks like live, said as a user would. */
  readonly live: string;
  /** Drives two people (their own browser contexts) through the main action. */
  readonly drive: (a: Page, b: Page, app: RunningApp) => Promise<void>;
  /** Set up each browser context before its page loads (e.g. stand-ins for third-party origins). */
  readonly prepare?: (context: BrowserContext) => Promise<void>;
}

/**
 * One compat app as its developer would try it: `meteor test --once` in a fresh copy, then
 * `meteor run` with two people doing its main action live, without a page error on either side.
 */
export function describeCompatApp(spec: CompatAppSpec): void {
  describe(`compat: ${spec.shape} (tests/compat/apps/${spec.name})`, function () {
    this.timeout(240_000);

    it('meteor test --once passes on both sides and exits with 0', async () => {
      const result = await meteorTestOnce(spec.name);
      if (result.exitCode !== 0 || result.failed !== 0 || result.passed < spec.minPassed) {
        throw new Error(
          `meteor test --once: exit ${String(result.exitCode)}, ${result.passed} passed, ${result.failed} failed (at least ${spec.minPassed} should pass):\n${result.output.slice(-6000)}`,
        );
      }
    });

    describe('meteor run', () => {
      let app: RunningApp | undefined;
      let browser: Browser | undefined;
      after(async function () {
        this.timeout(60_000);
        await browser?.close();
        await app?.stop();
      });

      it(spec.live, async () => {
        app = await runCompatApp(spec.name);
        browser = await launchChromium();
        const a = await openPerson(browser, app.url, spec.prepare);
        const b = await openPerson(browser, app.url, spec.prepare);
        try {
          await spec.drive(a.page, b.page, app);
        } catch (error) {
          throw new Error(
            `${(error as Error).message}\npage errors: ${JSON.stringify([...a.errors, ...b.errors])}\nmeteor run output:\n${app.output().slice(-3000)}`,
          );
        }
        const errors = [...a.errors, ...b.errors];
        if (errors.length > 0) throw new Error(`the pages logged errors: ${errors.join('\n')}`);
      });
    });
  });
}
