import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** What an app checkout needs to run; the runtime packages are reached through node_modules. */
const APP_ENTRIES = ['.meteor', 'client', 'server', 'imports', 'public', 'private', 'package.json', 'tsconfig.json', 'tests/settings.json'];

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
export function copyApp(root: string = REPO_ROOT): AppCopy {
  const dir = mkdtempSync(join(tmpdir(), 'perseid-e2e-app-'));
  for (const entry of APP_ENTRIES) {
    const from = join(root, entry);
    if (!existsSync(from)) continue;
    cpSync(from, join(dir, entry), {
      recursive: true,
      filter: (source) => !source.startsWith(join(root, '.meteor', 'local')),
    });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
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
