import { existsSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { join } from 'node:path';

const APP_DIRS = ['client', 'server', 'imports', 'tests', '.meteor/packages', 'package.json'];

/**
 * Calls `onChange` (debounced) when app code changes anywhere `meteor test` loads from; the
 * returned stop is safe to call twice.
 */
export function watchAppFiles(root: string, onChange: () => void, debounceMs = 200): () => void {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  for (const entry of APP_DIRS) {
    const full = join(root, entry);
    if (!existsSync(full)) continue;
    try {
      const w = watch(full, { recursive: true }, () => {
        clearTimeout(timer);
        timer = setTimeout(onChange, debounceMs);
      });
      w.on('error', () => undefined);
      watchers.push(w);
    } catch {
      // Not watchable: that directory just will not trigger re-runs.
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
