/**
 * Which app files `meteor test` loads, following Meteor (tools/isobuild/test-files.js and the
 * special-directory rules):
 *
 * - test mode: files whose name matches `.test[s]?.` or `.spec[s]?.` (Meteor's expressions
 *   leave the character after the word unescaped, so `util.testing.ts` counts too);
 * - `--full-app` mode: the app's main modules, plus files matching `.app-test[s]?.` /
 *   `.app-spec[s]?.`;
 * - never from `node_modules/`, `tests/`, `public/`, `private/`, the root `packages/` or
 *   dot-directories; a `client/` segment means client only, a `server/` segment server only;
 * - `meteor.testModule` in package.json replaces the discovery in both modes.
 *
 * One addition of ours: in test mode a `.browser-test[s].` file is a client test, as if it sat
 * under `client/` (Meteor would not load it), so a component's browser test can stay beside
 * the component.
 */
import { findFiles } from '../test-runner/find-files';
import type { AppConfig, Side } from './app-config';

export type TestMode = 'unit' | 'full-app';

const TEST_NAME_RES = [/\.tests?./, /\.specs?./];
const APP_TEST_NAME_RES = [/\.app-tests?./, /\.app-specs?./];
const BROWSER_TEST_NAME_RE = /\.browser-tests?\./;
const CODE_EXT_RE = /\.(js|jsx|mjs|ts|tsx)$/;
const NEVER_LOADED_DIRS = new Set(['node_modules', 'tests', 'public', 'private']);

export function isTestFileName(name: string): boolean {
  return TEST_NAME_RES.some((re) => re.test(name));
}

export function isBrowserTestFileName(name: string): boolean {
  return BROWSER_TEST_NAME_RE.test(name);
}

export function isAppTestFileName(name: string): boolean {
  return APP_TEST_NAME_RES.some((re) => re.test(name));
}

/** Whether a root-relative POSIX path is loaded as a test file on `side` in `mode`. */
export function isLoadedTestFile(relPath: string, mode: TestMode, side: Side): boolean {
  const segments = relPath.split('/');
  const name = segments[segments.length - 1] ?? '';
  const dirs = segments.slice(0, -1);
  if (!CODE_EXT_RE.test(name) || name.endsWith('.d.ts')) return false;
  if (dirs[0] === 'packages') return false;
  if (dirs.some((d) => NEVER_LOADED_DIRS.has(d) || d.startsWith('.'))) return false;
  if (side === 'server' && dirs.includes('client')) return false;
  if (side === 'client' && dirs.includes('server')) return false;
  if (mode === 'full-app') return isAppTestFileName(name);
  if (isBrowserTestFileName(name)) return side === 'client';
  return isTestFileName(name);
}

/** The modules a test run loads on one side, root-relative, in load order. */
export function selectTestModules(root: string, config: AppConfig, mode: TestMode, side: Side): string[] {
  const override = config.testModule?.[side];
  if (config.testModule !== undefined) {
    const app = mode === 'full-app' ? mainModuleList(config, side) : [];
    return override === undefined ? app : [...app, override];
  }
  const tests = findFiles(root, '.', (rel) => isLoadedTestFile(rel, mode, side));
  return mode === 'full-app' ? [...mainModuleList(config, side), ...tests] : tests;
}

function mainModuleList(config: AppConfig, side: Side): string[] {
  const main = config.mainModule[side];
  return main === undefined ? [] : [main];
}
