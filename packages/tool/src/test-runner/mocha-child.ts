/**
 * Entry of a child process that runs one group of test files under mocha (spec reporter) and
 * sends its counts to the parent over IPC. For package tests it never forces an exit: a test
 * that leaves a server, socket or timer open keeps this process alive, and the parent reports
 * that as a hang. For app tests (`run: 'app'`) it exits with the result after the teardown.
 */
import { pathToFileURL } from 'node:url';
import Mocha from 'mocha';
import { MOCHA_CHILD_CONFIG_ENV, parseMochaChildConfig, type MochaChildRun } from './mocha-child-config';
import type { TestStats } from './test-stats';

/** How long after the run a still-alive process prints what keeps it open. */
const OPEN_HANDLE_REPORT_DELAY_MS = 3000;

/** Set once the config is read, so a failed start-up of an app run still ends the process. */
let run: MochaChildRun = 'package';

async function main(): Promise<void> {
  const config = parseMochaChildConfig(process.env[MOCHA_CHILD_CONFIG_ENV]);
  run = config.run ?? 'package';
  const teardowns: (() => unknown)[] = [];
  for (const setup of config.setupModules) {
    const mod = (await import(pathToFileURL(setup).href)) as Record<string, unknown>;
    const teardown = mod['teardown'];
    if (typeof teardown === 'function') teardowns.push(teardown as () => unknown);
  }

  const mocha = new Mocha({ reporter: 'spec', timeout: config.timeoutMs, color: process.stdout.isTTY === true });
  if (config.grep !== undefined) mocha.grep(config.grep);
  if (run === 'package') for (const file of config.files) mocha.addFile(file);

  let stats: TestStats;
  try {
    if (run === 'app') await importTestFiles(mocha, config.files);
    else await mocha.loadFilesAsync();
    stats = await new Promise<TestStats>((resolve) => {
      const runner = mocha.run(() => {
        const s = runner.stats;
        resolve({ passed: s?.passes ?? 0, failed: s?.failures ?? 0, skipped: s?.pending ?? 0 });
      });
    });
  } catch (error) {
    // A file that fails to load (syntax error, missing import) fails the group visibly.
    console.error('Loading test files failed:', error);
    stats = { passed: 0, failed: 1, skipped: 0 };
  }
  if (config.holdUntilReleased === true) await reportAndHold(stats);
  else await report(stats);
  for (const teardown of teardowns.reverse()) await teardown();
  if (run === 'app') process.exit();
  setTimeout(() => {
    console.error(`mocha: tests finished but the process is still running; open resources: ${process.getActiveResourcesInfo().join(', ')}`);
  }, OPEN_HANDLE_REPORT_DELAY_MS).unref();
}

/**
 * Loads test files with `import()`, never `require()`: mocha prefers `require` where Node
 * supports require(esm), and tsx then compiles the file and everything it imports as CommonJS,
 * a second copy of every runtime package beside the ES module copy the app server runs on.
 * The events are the ones mocha's own loader emits, so `describe`/`it` globals are set per file.
 */
async function importTestFiles(mocha: Mocha, files: readonly string[]): Promise<void> {
  for (const file of files) {
    mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, file, mocha);
    const exports: unknown = await import(pathToFileURL(file).href);
    mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_REQUIRE, exports, file, mocha);
    mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_POST_REQUIRE, globalThis, file, mocha);
  }
}

/** Sends the counts, then releases the IPC channel so only the tests' own handles keep us alive. */
async function report(stats: TestStats): Promise<void> {
  process.exitCode = stats.failed > 0 ? 1 : 0;
  const send = process.send?.bind(process);
  if (send === undefined) return;
  await new Promise<void>((resolve) => send({ type: 'stats', stats }, undefined, {}, () => resolve()));
  process.channel?.unref();
}

/** Reports, then waits for the parent's `release` (or its disappearance) before returning. */
async function reportAndHold(stats: TestStats): Promise<void> {
  process.exitCode = stats.failed > 0 ? 1 : 0;
  if (process.send === undefined) return;
  const released = new Promise<void>((resolve) => {
    process.on('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && (m as Record<string, unknown>)['type'] === 'release') resolve();
    });
    process.once('disconnect', () => resolve());
  });
  await new Promise<void>((resolve) => process.send?.({ type: 'stats', stats }, undefined, {}, () => resolve()));
  await released;
  process.removeAllListeners('message');
  process.channel?.unref();
}

main().catch(async (error: unknown) => {
  console.error(error);
  await report({ passed: 0, failed: 1, skipped: 0 });
  if (run === 'app') process.exit();
});
