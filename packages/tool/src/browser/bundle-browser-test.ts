import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { readAppAliases } from '../app/app-aliases';
import { appRootImports } from '../client-build/esbuild-app-root-plugin';
import { moduleThisEsbuildPlugin } from '../client-build/module-this';
import { toPosix } from '../test-runner/find-files';

/** An in-memory bundle: URL path (e.g. `/entry.js`) to contents. */
export type BundleFiles = ReadonlyMap<string, Uint8Array>;

const HARNESS = fileURLToPath(new URL('./browser-harness.ts', import.meta.url));
const ASSERT_STRICT = fileURLToPath(new URL('./assert-strict-shim.ts', import.meta.url));
const ASSERT = createRequire(import.meta.url).resolve('assert');

export interface BundleBrowserTestOptions {
  readonly root: string;
  /** Absolute paths of test modules, evaluated in order after the harness. */
  readonly testFiles: readonly string[];
  /** Modules evaluated before the test files (app globals, client start-up), absolute paths. */
  readonly setupModules?: readonly string[];
  readonly define?: Readonly<Record<string, string>>;
}

/**
 * Bundles the mocha harness, optional setup modules and the test files into one ES module for
 * the browser (`browser` export conditions, the root tsconfig's paths so `/imports/...` works),
 * then calls `__perseidStartMocha()`. The entry is `/entry.js`; CSS, if any, is `/entry.css`.
 */
export async function bundleBrowserTest(options: BundleBrowserTestOptions): Promise<BundleFiles> {
  const importLine = (file: string): string => `import ${JSON.stringify(toPosix(file))};`;
  const contents = [
    importLine(HARNESS),
    ...(options.setupModules ?? []).map(importLine),
    ...options.testFiles.map(importLine),
    '(window as unknown as { __perseidStartMocha(): void }).__perseidStartMocha();',
  ].join('\n');
  const outdir = mkdtempSync(join(tmpdir(), 'perseid-browser-test-'));
  try {
    const result = await build({
      stdin: { contents, resolveDir: options.root, sourcefile: 'perseid-test-entry.ts', loader: 'ts' },
      bundle: true,
      write: false,
      outdir,
      entryNames: 'entry',
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      jsx: 'automatic',
      ...(existsSync(join(options.root, 'tsconfig.json')) ? { tsconfig: join(options.root, 'tsconfig.json') } : {}),
      resolveExtensions: ['.tsx', '.ts', '.jsx', '.js', '.mjs', '.json'],
      loader: { '.svg': 'dataurl', '.png': 'dataurl' },
      // Node's assert works unchanged in browser tests (the npm port, which reads NODE_DEBUG).
      alias: { 'node:assert/strict': ASSERT_STRICT, 'assert/strict': ASSERT_STRICT, 'node:assert': ASSERT, assert: ASSERT },
      define: { 'process.env.NODE_ENV': '"test"', 'process.env.NODE_DEBUG': 'false', global: 'globalThis', ...options.define },
      plugins: [appRootImports(options.root, await readAppAliases(options.root)), moduleThisEsbuildPlugin()],
      logLevel: 'silent',
      sourcemap: 'inline',
    });
    const files = new Map<string, Uint8Array>();
    for (const file of result.outputFiles) files.set(`/${toPosix(relative(outdir, file.path))}`, file.contents);
    return files;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
