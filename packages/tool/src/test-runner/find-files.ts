import { type Dirent, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Directories never searched for test files: dependencies, build output, VCS data. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.meteor', 'dist', 'test-results']);

/**
 * Lists files under `root/start` whose root-relative POSIX path satisfies `accept`, sorted so
 * runs are deterministic. Hidden and dependency directories are skipped.
 */
export function findFiles(root: string, start: string, accept: (relPath: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(full);
      } else if (entry.isFile()) {
        const rel = toPosix(relative(root, full));
        if (accept(rel)) found.push(rel);
      }
    }
  };
  walk(join(root, start));
  return found.sort();
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
