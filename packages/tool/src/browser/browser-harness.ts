/**
 * Runs inside the test page, after mocha's browser build and before the test file: sets up the
 * BDD globals and a reporter that forwards every event to Node through the exposed binding.
 * `window.__perseidStartMocha()` is called by the generated entry once the test file loaded.
 */
import type { BrowserTestEvent } from './browser-test-event';
import { REPORT_BINDING } from './browser-test-event';

interface HarnessWindow {
  [REPORT_BINDING]?: (event: BrowserTestEvent) => Promise<void>;
  __perseidStartMocha?: () => void;
  __perseidTimeoutMs?: number;
  /** `npm test -- --grep` / `MOCHA_GREP`: only tests whose full title matches run. */
  __perseidGrep?: string;
}

const harnessWindow = window as unknown as HarnessWindow;

function send(event: BrowserTestEvent): void {
  void harnessWindow[REPORT_BINDING]?.(event);
}

function depthOf(runnable: Mocha.Runnable | Mocha.Suite): number {
  let depth = 0;
  for (let p = runnable.parent; p !== undefined && !p.root; p = p.parent) depth++;
  return depth;
}

function PerseidReporter(runner: Mocha.Runner): void {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  runner.on('suite', (suite: Mocha.Suite) => {
    if (!suite.root) send({ type: 'suite', title: suite.title, depth: depthOf(suite) });
  });
  runner.on('pass', (test: Mocha.Test) => {
    passed++;
    send({ type: 'pass', title: test.title, depth: depthOf(test) });
  });
  runner.on('pending', (test: Mocha.Test) => {
    skipped++;
    send({ type: 'pending', title: test.title, depth: depthOf(test) });
  });
  runner.on('fail', (test: Mocha.Runnable, error: unknown) => {
    failed++;
    const err = error instanceof Error ? error : new Error(String(error));
    send({ type: 'fail', title: test.title, fullTitle: test.fullTitle(), depth: depthOf(test), message: err.message, stack: err.stack ?? '' });
  });
  runner.on('end', () => send({ type: 'end', passed, failed, skipped }));
}

mocha.setup({
  ui: 'bdd',
  reporter: PerseidReporter as unknown as Mocha.ReporterConstructor,
  timeout: harnessWindow.__perseidTimeoutMs ?? 10_000,
  ...(harnessWindow.__perseidGrep === undefined ? {} : { grep: harnessWindow.__perseidGrep }),
});
harnessWindow.__perseidStartMocha = () => {
  mocha.run();
};
