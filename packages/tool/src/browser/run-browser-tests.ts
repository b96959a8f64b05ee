import { relative } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import type { TestStats } from '../test-runner/test-stats';
import { addStats, EMPTY_STATS } from '../test-runner/test-stats';
import type { BrowserTestEvent } from './browser-test-event';
import { parseBrowserTestEvent, REPORT_BINDING } from './browser-test-event';
import { bundleBrowserTest } from './bundle-browser-test';
import { CHROMIUM_ARGS, resolveChromiumPath } from './chromium-path';
import { startCompanionFixture } from './companion-fixture';
import { startTestPageServer } from './test-page-server';

export interface BrowserTestGroup {
  /** Shown as the group's heading. */
  readonly label: string;
  readonly testFiles: readonly string[];
  readonly setupModules?: readonly string[];
  /** Serialised to `window.__TEST_ENV__` (merged under what a companion's setup() returns). */
  readonly env?: Readonly<Record<string, unknown>>;
  /** Extra esbuild `define`s, e.g. the app's `__meteor_runtime_config__`. */
  readonly define?: Readonly<Record<string, string>>;
  /** Runs in the page before any module: sets globals such as `__meteor_runtime_config__`. */
  readonly initScript?: string;
  /** Port of the page's own server (its origin), when a server must allow it in advance. */
  readonly pagePort?: number;
}

export interface RunBrowserTestsOptions {
  readonly root: string;
  readonly groups: readonly BrowserTestGroup[];
  readonly timeoutMs?: number;
  readonly groupTimeoutMs?: number;
  /** Mocha's grep (a string is read as mocha reads `--grep`): only matching tests run. */
  readonly grep?: string;
  readonly log?: (line: string) => void;
}

/**
 * Runs each group in its own page of one headless Chromium: bundle, serve on 127.0.0.1, load,
 * stream mocha's events to the terminal in spec style. A group that fails to bundle, throws
 * before mocha starts, or never finishes counts as one failure with the reason printed.
 */
export async function runBrowserTests(options: RunBrowserTestsOptions): Promise<TestStats> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.groups.length === 0) return EMPTY_STATS;
  const browser = await chromium.launch({ executablePath: resolveChromiumPath({ log }), args: [...CHROMIUM_ARGS] });
  let total = EMPTY_STATS;
  try {
    for (const group of options.groups) {
      log(`\n  ${group.label}`);
      total = addStats(total, await runGroup(browser, group, options, log));
    }
  } finally {
    await browser.close();
  }
  return total;
}

async function runGroup(browser: Browser, group: BrowserTestGroup, options: RunBrowserTestsOptions, log: (line: string) => void): Promise<TestStats> {
  const failure = (reason: string): TestStats => {
    log(`    ✗ ${reason}`);
    return { passed: 0, failed: 1, skipped: 0 };
  };
  const fixtures = [];
  const context = await browser.newContext();
  let server: Awaited<ReturnType<typeof startTestPageServer>> | undefined;
  try {
    let env: Record<string, unknown> = { ...group.env };
    for (const file of group.testFiles) {
      const fixture = await startCompanionFixture(file);
      if (fixture === undefined) continue;
      fixtures.push(fixture);
      if (typeof fixture.env === 'object' && fixture.env !== null) env = { ...env, ...(fixture.env as Record<string, unknown>) };
    }
    let bundle: Awaited<ReturnType<typeof bundleBrowserTest>>;
    try {
      bundle = await bundleBrowserTest({ root: options.root, testFiles: group.testFiles, setupModules: group.setupModules ?? [], define: group.define ?? {} });
    } catch (error) {
      return failure(`bundling failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const pageServer = await startTestPageServer(bundle, group.pagePort ?? 0);
    server = pageServer;
    const page = await context.newPage();
    const timeoutMs = options.timeoutMs ?? 10_000;
    await page.addInitScript(
      `window.__TEST_ENV__ = ${JSON.stringify(env)}; window.__perseidTimeoutMs = ${timeoutMs};${options.grep === undefined ? '' : ` window.__perseidGrep = ${JSON.stringify(options.grep)};`}\n${group.initScript ?? ''}`,
    );

    return await new Promise<TestStats>((resolve) => {
      let done = false;
      const finish = (stats: TestStats): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(stats);
      };
      const groupTimeoutMs = options.groupTimeoutMs ?? 5 * 60_000;
      const timer = setTimeout(() => finish(failure(`did not finish within ${groupTimeoutMs} ms`)), groupTimeoutMs);
      let started = false;
      void page
        .exposeFunction(REPORT_BINDING, (raw: unknown) => {
          const event = parseBrowserTestEvent(raw);
          if (event === undefined) return;
          started = true;
          printEvent(event, log);
          if (event.type === 'end') finish({ passed: event.passed, failed: event.failed, skipped: event.skipped });
        })
        .then(() => page.goto(pageServer.url))
        .catch((error: unknown) => finish(failure(`could not load the test page: ${String(error)}`)));
      page.on('console', (message) => log(`      [browser ${message.type()}] ${message.text()}`));
      page.on('pageerror', (error) => {
        if (!started) finish(failure(`the page threw before the tests started: ${error.stack ?? error.message}`));
        else log(`      [browser uncaught] ${error.message}`);
      });
    });
  } finally {
    await context.close();
    await server?.stop();
    for (const fixture of fixtures) await fixture.teardown();
  }
}

function printEvent(event: BrowserTestEvent, log: (line: string) => void): void {
  switch (event.type) {
    case 'suite':
      log(`${indent(event.depth)}${event.title}`);
      return;
    case 'pass':
      log(`${indent(event.depth)}✔ ${event.title}`);
      return;
    case 'pending':
      log(`${indent(event.depth)}- ${event.title}`);
      return;
    case 'fail':
      log(
        `${indent(event.depth)}✗ ${event.title}\n${indent(event.depth + 1)}${event.message}\n${event.stack
          .split('\n')
          .slice(1, 6)
          .map((l) => indent(event.depth + 1) + l.trim())
          .join('\n')}`,
      );
      return;
    case 'end':
      log(`    browser: ${event.passed} passing, ${event.failed} failing${event.skipped > 0 ? `, ${event.skipped} pending` : ''}`);
      return;
    default:
      event satisfies never;
  }
}

function indent(depth: number): string {
  return '  '.repeat(depth + 2);
}

/** Label for a package browser test file: its root-relative path. */
export function groupLabel(root: string, file: string): string {
  return relative(root, file);
}
