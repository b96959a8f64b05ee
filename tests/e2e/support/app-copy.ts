import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** What an app checkout needs to run; the runtime packages are reached through node_modules. */
const APP_ENTRIES = ['.meteor', 'client', 'server', 'imports', 'public', 'private', 'package.json', 'tsconfig.json', 'tests/settings.json'];

export interface CopyAppOptions {
  /** Copy every top-level entry of the app (a standalone app's config files, tests, …) instead of this repository's app entries. */
  readonly allEntries?: boolean;
  /** Lays out the copy's node_modules instead of symlinking the app's. */
  readonly installNodeModules?: (copyDir: string) => void;
}

export interface AppCopy {
  readonly dir: string;
  /** Deletes the copy (database included); safe to call twice. */
  remove(): void;
}

/**
 * A throwaway copy of the app as it stands in the working tree, without `.meteor/local`, so a
 * run gets its own database, run lock and Vite cache and never touches the developer's, and
 * edits made to the working tree meanwhile cannot restart it.
 */
export function copyApp(root: string = REPO_ROOT, options: CopyAppOptions = {}): AppCopy {
  const dir = mkdtempSync(join(tmpdir(), 'perseid-e2e-app-'));
  const entries = options.allEntries === true ? readdirSync(root).filter((e) => e !== 'node_modules') : APP_ENTRIES;
  for (const entry of entries) {
    const from = join(root, entry);
    if (!existsSync(from)) continue;
    cpSync(from, join(dir, entry), {
      recursive: true,
      filter: (source) => !source.startsWith(join(root, '.meteor', 'local')),
    });
  }
  if (options.installNodeModules === undefined) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  else options.installNodeModules(dir);
  let removed = false;
  return {
    dir,
    remove() {
      if (removed) return;
      removed = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
