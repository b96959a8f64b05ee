import { existsSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { toPosix } from '../test-runner/find-files';

/**
 * Whether a change to this root-relative path needs a server restart: server-side code and
 * configuration do; client-only code (`client/`, `imports/ui/`) is Vite's business (HMR).
 */
export function needsServerRestart(relPath: string): boolean {
  const path = toPosix(relPath);
  if (path === '.meteor/packages' || path === 'package.json') return true;
  if (/(^|\/)(node_modules|\.git)\//.test(path) || path.startsWith('.meteor/local/')) return false;
  if (path.startsWith('client/') || path.startsWith('imports/ui/')) return false;
  // Tests never run under `meteor run`, so editing them needs no restart.
  if (/\.(test|tests|spec|specs|app-test|app-tests)\.|(^|\/)(test|tests|fixtures)\//.test(path)) return false;
  return /\.(ts|tsx|js|jsx|mjs|cjs|json)$/.test(path);
}

/** Changes that always need a fresh server process (no standby): what a standby preloaded. */
function isConfigChange(path: string, extraFiles: readonly string[]): boolean {
  return path === '.meteor/packages' || path === 'package.json' || extraFiles.includes(path) || path.startsWith('packages/tool/');
}

export interface RestartDecision {
  readonly restart: boolean;
  /** Whether the preloaded standby process may serve the restart. */
  readonly reuseStandby: boolean;
  /** The changed paths that caused the restart (for the log line). */
  readonly because: readonly string[];
}

/**
 * Whether changed root-relative paths need a server restart. When the running server reported
 * the files it loaded, only changes to those (or to configuration) restart it; otherwise the
 * path rules of `needsServerRestart` decide. A runtime package or configuration change also
 * retires the standby, which preloaded them.
 */
export function restartDecision(
  paths: readonly string[],
  root: string,
  loaded: ReadonlySet<string> | undefined,
  extraFiles: readonly string[] = [],
): RestartDecision {
  const config = paths.filter((p) => isConfigChange(p, extraFiles));
  const code = loaded === undefined ? paths.filter((p) => needsServerRestart(p)) : paths.filter((p) => loaded.has(join(root, p)));
  const because = [...new Set([...config, ...code])];
  const reuseStandby = config.length === 0 && !code.some((p) => p.startsWith('packages/'));
  return { restart: because.length > 0, reuseStandby, because };
}

/** Code files the watcher passes on; `restartDecision` filters them further. */
function isWatchedCode(path: string): boolean {
  if (/(^|\/)(node_modules|\.git)\//.test(path) || path.startsWith('.meteor/local/') || path.startsWith('client/')) return false;
  return path === '.meteor/packages' || path === 'package.json' || /\.(ts|tsx|js|jsx|mjs|cjs|json)$/.test(path);
}

const WATCHED = ['server', 'imports', 'packages', '.meteor', 'package.json'];

/** Watches the server-side paths and calls `onChange` with code changes (debounced); the stop is safe to call twice. */
export function watchServerFiles(root: string, extraFiles: readonly string[], onChange: (paths: string[]) => void, debounceMs = 150): () => void {
  const watchers: FSWatcher[] = [];
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const changed = (rel: string): void => {
    if (!isWatchedCode(toPosix(rel)) && !extraFiles.includes(rel)) return;
    pending.push(rel);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const paths = [...new Set(pending)];
      pending = [];
      onChange(paths);
    }, debounceMs);
  };
  for (const entry of [...WATCHED, ...extraFiles]) {
    const full = join(root, entry);
    if (!existsSync(full)) continue;
    try {
      const w = watch(full, { recursive: true }, (_event, name) => {
        const file = name === null ? entry : entry === 'package.json' || extraFiles.includes(entry) ? entry : `${entry}/${toPosix(name.toString())}`;
        changed(file);
      });
      w.on('error', () => undefined);
      watchers.push(w);
    } catch {
      // A path that cannot be watched only loses auto-restart, not the run.
    }
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
