import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { APP_SHELL_WORKER_FILE } from '../server/built-client-page';
import { ToolError } from '../tool-error';

/**
 * Bundles the app-shell service worker (`@perseid/webapp`'s app-shell-worker) into the client
 * build. The server serves it at `/__perseid/sw.js` behind the manifest of the version it
 * serves; a classic script (no ES modules), as every browser with service workers runs one.
 */
export async function buildAppShellWorker(outDir: string): Promise<void> {
  try {
    await build({
      entryPoints: [fileURLToPath(import.meta.resolve('@perseid/webapp/app-shell-worker'))],
      outfile: join(outDir, APP_SHELL_WORKER_FILE),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      logLevel: 'error',
    });
  } catch (error) {
    throw new ToolError('build.failed', `The app-shell worker build failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
