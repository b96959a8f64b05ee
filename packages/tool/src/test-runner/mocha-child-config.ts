/**
 * What the orchestrator tells a mocha child process, passed as JSON in one environment
 * variable so file lists of any length survive without shell quoting.
 */
export interface MochaChildConfig {
  /** Absolute paths of the test files, loaded in this order. */
  readonly files: readonly string[];
  /** Modules imported before any test file (globals, environment), absolute paths. */
  readonly setupModules: readonly string[];
  readonly timeoutMs: number;
  readonly grep?: string;
  /**
   * Keep the process (and whatever the setup modules started, e.g. the app server) up after
   * reporting, until the parent sends `{ type: 'release' }`; then run the setup modules'
   * `teardown()` exports and exit.
   */
  readonly holdUntilReleased?: boolean;
  /**
   * `package` (default): test files are loaded as mocha loads them, and the process must end by
   * itself (a handle a test leaves open is reported as a hang). `app` (`meteor test`): test files
   * are imported as ES modules, so they share the module instances (`Meteor`, the DDP server,
   * the collections) of the app server the setup modules booted; once the run is torn down the
   * process exits with the tests' result, as Meteor's test driver does, whatever the app's
   * own code (driver pools, change streams, timers) still holds open.
   */
  readonly run?: MochaChildRun;
}

export type MochaChildRun = 'package' | 'app';

export const MOCHA_CHILD_CONFIG_ENV = 'PERSEID_MOCHA_CHILD_CONFIG';

export function parseMochaChildConfig(raw: unknown): MochaChildConfig {
  if (typeof raw !== 'string') throw new Error(`${MOCHA_CHILD_CONFIG_ENV} is not set`);
  const value: unknown = JSON.parse(raw);
  if (typeof value !== 'object' || value === null) throw new Error(`${MOCHA_CHILD_CONFIG_ENV} is not an object`);
  const record = value as Record<string, unknown>;
  const files = stringArray(record['files'], 'files');
  const setupModules = stringArray(record['setupModules'] ?? [], 'setupModules');
  const timeoutMs = record['timeoutMs'];
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) throw new Error(`${MOCHA_CHILD_CONFIG_ENV}.timeoutMs must be a number`);
  const grep = record['grep'];
  if (grep !== undefined && typeof grep !== 'string') throw new Error(`${MOCHA_CHILD_CONFIG_ENV}.grep must be a string`);
  const hold = record['holdUntilReleased'] === true;
  const run = record['run'] ?? 'package';
  if (run !== 'package' && run !== 'app') throw new Error(`${MOCHA_CHILD_CONFIG_ENV}.run must be 'package' or 'app'`);
  return {
    files,
    setupModules,
    timeoutMs,
    ...(grep === undefined ? {} : { grep }),
    ...(hold ? { holdUntilReleased: true } : {}),
    ...(run === 'app' ? { run } : {}),
  };
}

function stringArray(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new Error(`${MOCHA_CHILD_CONFIG_ENV}.${name} must be an array of strings`);
  }
  return value;
}
