import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import type { ViteDevServer } from 'vite';
import { readAppAliases } from '../app/app-aliases';
import { commonJsPostcssConfig } from './postcss-config';
import { clientViteConfig } from './vite-config';

const REPO_NODE_MODULES = fileURLToPath(new URL('../../../../node_modules', import.meta.url));

function appWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'perseid-vite-config-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  symlinkSync(REPO_NODE_MODULES, join(root, 'node_modules'));
  return root;
}

/** The client's Vite (as meteor run configures it, without an HTTP server or dependency discovery). */
async function clientVite(root: string): Promise<ViteDevServer> {
  const base = clientViteConfig({
    root,
    globals: [],
    aliases: await readAppAliases(root),
    postcss: await commonJsPostcssConfig(root),
    mainModules: ['client/main.js'],
    mode: 'development',
  });
  return createServer({
    ...base,
    server: { ...base.server, middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { ...base.optimizeDeps, noDiscovery: true, include: [] },
  });
}

describe('the client Vite configuration on Meteor app shapes', function () {
  this.timeout(30_000);
  let root = '';
  let vite: ViteDevServer | undefined;
  // Vite's dev server sets process.env.NODE_ENV when it is unset; later tests in this process
  // (and the commands they spawn) must not inherit it.
  const nodeEnv = process.env['NODE_ENV'];
  after(() => {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  });
  afterEach(async () => {
    await vite?.close();
    vite = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it("resolves tsconfig paths and a Babel module-resolver alias in the app's browser modules", async () => {
    root = appWith({
      'package.json': JSON.stringify({ name: 'app' }),
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./imports/*"] } } }',
      '.babelrc': JSON.stringify({ plugins: [['module-resolver', { alias: { '~ui': './imports/ui' } }]] }),
      'client/main.js': "import { a } from '@/api/a';\nimport { b } from '~ui/b';\nexport const both = [a, b];\n",
      'imports/api/a.ts': 'export const a: number = 1;\n',
      'imports/ui/b.js': 'export const b = 2;\n',
    });
    vite = await clientVite(root);
    const result = await vite.transformRequest('/client/main.js');
    assert.ok(result !== null);
    assert.match(result.code, /from "\/imports\/api\/a\.ts"/);
    assert.match(result.code, /from "\/imports\/ui\/b\.js"/);
  });

  it('module-level this in an app module is an object; a CommonJS postcss.config.js runs in a "type": "module" app', async () => {
    root = appWith({
      'package.json': JSON.stringify({ name: 'app', type: 'module' }),
      'postcss.config.js': "module.exports = { plugins: [{ postcssPlugin: 'mark', Once(css) { css.append({ selector: '.marked', nodes: [] }); } }] };\n",
      'client/main.js': 'this.legacy = true;\nexport const self = this;\n',
      'client/main.css': 'body { color: red; }\n',
    });
    vite = await clientVite(root);
    const js = await vite.transformRequest('/client/main.js');
    assert.ok(js !== null);
    assert.doesNotMatch(js.code, /^this\.legacy/m);
    const moduleThis = new Function(
      `${js.code
        .replace(/^export const self = /m, 'return ')
        .replace(/^import .*$/gm, '')
        .replace(/^\/\/# sourceMappingURL.*$/m, '')}`,
    )() as unknown;
    assert.deepEqual(moduleThis, { legacy: true });
    const css = await vite.transformRequest('/client/main.css?direct');
    assert.ok(css !== null);
    assert.match(css.code, /\.marked/);
  });
});
