import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REGISTER = fileURLToPath(new URL('./app-root-imports.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const REPO_NODE_MODULES = fileURLToPath(new URL('../../../../node_modules', import.meta.url));

/** Writes `files` under a fresh app root; returns it. */
function appWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'perseid-app-root-imports-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const SHARED = fileURLToPath(new URL('./shared-esm-modules.ts', import.meta.url));

/**
 * Loads `<root>/server/main.js` in a server-like process (tsx + the app's resolution; the facades
 * in `preload` loaded and shared first, as the boot does for enabled packages); its `result`
 * export, or the error.
 */
function loadServerMain(root: string, preload: readonly string[] = []): { result?: unknown; error?: string } {
  const script = [
    `import { registerAppRootImports } from ${JSON.stringify(REGISTER)};`,
    `import { shareEsmModule } from ${JSON.stringify(SHARED)};`,
    `await registerAppRootImports(${JSON.stringify(root)});`,
    `for (const s of ${JSON.stringify(preload)}) shareEsmModule(s, await import(s));`,
    `try { const m = await import(${JSON.stringify(join(root, 'server', 'main.js'))}); console.log(JSON.stringify({ result: m.result ?? m.default?.result })); }`,
    `catch (e) { console.log(JSON.stringify({ error: String(e.message).split('\\n')[0] })); }`,
  ].join('\n');
  writeFileSync(join(root, '.boot.mjs'), script);
  symlinkSync(REPO_NODE_MODULES, join(root, 'node_modules'));
  const run = spawnSync(process.execPath, ['--import', TSX, join(root, '.boot.mjs')], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  assert.ok(line.startsWith('{'), `no result from the child: ${run.stdout}${run.stderr}`);
  return JSON.parse(line) as { result?: unknown; error?: string };
}

const APP_FILES = {
  'server/main.js': [
    "import { a } from '/imports/a';",
    "import { b } from '@/b';",
    "import { c } from '~lib/c';",
    "import { d } from 'shared/d';",
    'export const result = [a, b, c, d];',
  ].join('\n'),
  'imports/a.js': "export const a = 'root-relative';",
  'imports/b.ts': "export const b: string = 'tsconfig paths';",
  'lib/c.js': "export const c = 'babel module-resolver';",
  'shared/d.js': "export const d = 'rspack resolve.alias';",
  'tsconfig.json': '{\n  // comments as tsconfig allows\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["imports/*"], }, },\n}\n',
  '.babelrc': JSON.stringify({ plugins: [['module-resolver', { alias: { '~lib': './lib' } }]] }),
  'rspack.config.js':
    "const { defineConfig } = require('@meteorjs/rspack');\nconst path = require('node:path');\nmodule.exports = defineConfig((Meteor) => ({ resolve: { alias: { shared: path.resolve(__dirname, 'shared') } } }));\n",
};

describe("server resolution of the app's own specifiers (registerAppRootImports)", function () {
  this.timeout(60_000);
  const roots: string[] = [];
  after(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('an app without "type": "module" (its .js compiled to CommonJS) resolves /imports/..., tsconfig paths, a Babel alias and an rspack alias', () => {
    const root = appWith({ ...APP_FILES, 'package.json': JSON.stringify({ name: 'cjs-app' }) });
    roots.push(root);
    assert.deepEqual(loadServerMain(root), { result: ['root-relative', 'tsconfig paths', 'babel module-resolver', 'rspack resolve.alias'] });
  });

  it('the same app with "type": "module" resolves them too', () => {
    const root = appWith({
      ...APP_FILES,
      'package.json': JSON.stringify({ name: 'esm-app', type: 'module' }),
      'rspack.config.js': "import path from 'node:path';\nexport default { resolve: { alias: { shared: path.resolve(import.meta.dirname, 'shared') } } };\n",
    });
    roots.push(root);
    assert.deepEqual(loadServerMain(root), { result: ['root-relative', 'tsconfig paths', 'babel module-resolver', 'rspack resolve.alias'] });
  });

  it("a CommonJS npm package's require('meteor/meteor') gets the app's Meteor, not a second copy", () => {
    const root = appWith({
      'package.json': JSON.stringify({ name: 'app', type: 'module' }),
      'server/main.js':
        "import { Meteor } from 'meteor/meteor';\nimport { Mongo } from 'meteor/mongo';\nimport pkg from '/packages/cjs-pkg/index.cjs';\nexport const result = [pkg.Meteor === Meteor, pkg.Mongo === Mongo];",
      'packages/cjs-pkg/index.cjs':
        "const { Meteor } = require('meteor/meteor');\nconst { Mongo } = require('meteor/mongo');\nmodule.exports = { Meteor, Mongo };",
    });
    roots.push(root);
    assert.ok(existsSync(REPO_NODE_MODULES));
    assert.deepEqual(loadServerMain(root, ['meteor/meteor', 'meteor/mongo']), { result: [true, true] });
  });
});
