/**
 * `meteor build`: a self-contained production bundle.
 *
 *   bundle/main.js        launcher (minimongod when MONGO_URL is absent), esbuild
 *   bundle/server/app.js  globals → app server main → boot, esbuild (one file)
 *   bundle/client/        Vite build (web.browser): assets/ with content-hashed names, page.json
 *   bundle/web.cordova/   the same for the phones (web.cordova), only with a mobile platform added
 *   bundle/node_modules/  only native addons esbuild cannot inline (copied as installed)
 *   bundle/public/        the app's public/ folder, if any
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import { readAppConfig } from '../app/app-config';
import { globalsModuleSource } from '../app/generated-modules';
import { readMeteorPackages } from '../app/meteor-packages';
import { toPosix } from '../test-runner/find-files';
import { ToolError } from '../tool-error';
import { buildClient } from './build-client';
import { appRootImports } from './esbuild-app-root-plugin';
import { readAppAliases } from '../app/app-aliases';

/**
 * Packages copied into bundle/node_modules instead of inlined: native addons, and the mongodb
 * driver, which reads its own package.json at run time.
 */
const COPIED_PACKAGES = ['@node-rs/argon2', 'mongodb'];
const NEVER_IN_BUNDLE = [
  'vite',
  '@vitejs/plugin-react',
  'esbuild',
  'playwright-core',
  'tsx',
  'mocha',
  // Optional peers of the mongodb driver and ws, loaded only when installed and configured.
  'kerberos',
  '@mongodb-js/zstd',
  'snappy',
  'socks',
  'aws4',
  'mongodb-client-encryption',
  '@aws-sdk/credential-providers',
  'gcp-metadata',
  'bufferutil',
  'utf-8-validate',
];

const BOOT_SERVER = fileURLToPath(new URL('../server/boot-server.ts', import.meta.url));
const BUNDLE_MAIN = fileURLToPath(new URL('../server/bundle-main.ts', import.meta.url));

export interface BuildBundleOptions {
  readonly root: string;
  readonly outDir: string;
  readonly serverUrl?: string;
  /** Also build the `web.cordova` program (an app with android or ios in .meteor/platforms). */
  readonly cordova?: boolean;
  /** Page origins besides ROOT_URL's whose WebSockets the server takes (the Cordova app's). */
  readonly allowedOrigins?: readonly string[];
  readonly log: (line: string) => void;
}

/** Where a bundle keeps the `web.cordova` program, as Meteor keeps programs/web.cordova. */
export const CORDOVA_PROGRAM_DIR = 'web.cordova';

export async function buildBundle(options: BuildBundleOptions): Promise<string> {
  const { root, log } = options;
  const config = readAppConfig(root);
  const packages = readMeteorPackages(root);
  const bundle = join(options.outDir, 'bundle');
  rmSync(bundle, { recursive: true, force: true });
  mkdirSync(join(bundle, 'server'), { recursive: true });

  log('=> Building the client (Vite)...');
  const page = await buildClient(root, join(bundle, 'client'));
  if (options.cordova === true) {
    log('=> Building the client for Cordova (Vite, web.cordova)...');
    await buildClient(root, join(bundle, CORDOVA_PROGRAM_DIR), 'web.cordova');
  }

  log('=> Bundling the server (esbuild)...');
  const work = join(root, '.meteor', 'local', 'build-entry');
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'globals.server.mjs'), globalsModuleSource(packages.globals, 'server', packages.serverModules));
  const main = config.mainModule.server === undefined ? [] : [join(root, config.mainModule.server)];
  writeFileSync(join(work, 'server-entry.mjs'), serverEntrySource(main, options.allowedOrigins ?? [], options.cordova === true));
  const common = {
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: 'node20',
    external: [...COPIED_PACKAGES, ...NEVER_IN_BUNDLE],
    // esbuild's ESM output for Node needs require() for the CommonJS packages it inlines.
    banner: { js: "import { createRequire as __perseidCreateRequire } from 'node:module'; const require = __perseidCreateRequire(import.meta.url);" },
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [withoutDevServer(), appRootImports(root, await readAppAliases(root, log))],
    logLevel: 'error' as const,
    ...(existsSync(join(root, 'tsconfig.json')) ? { tsconfig: join(root, 'tsconfig.json') } : {}),
  };
  try {
    await build({ ...common, entryPoints: [join(work, 'server-entry.mjs')], outfile: join(bundle, 'server', 'app.js') });
    await build({ ...common, entryPoints: [BUNDLE_MAIN], outfile: join(bundle, 'main.js') });
  } catch (error) {
    throw new ToolError('build.failed', `The server build failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  copyPackages(root, bundle);
  if (existsSync(join(root, 'public'))) cpSync(join(root, 'public'), join(bundle, 'public'), { recursive: true });
  writeFileSync(
    join(bundle, 'package.json'),
    `${JSON.stringify({ name: config.name, version: config.version, private: true, type: 'module', main: 'main.js' }, null, 2)}\n`,
  );
  writeFileSync(
    join(bundle, 'bundle.json'),
    `${JSON.stringify({ clientVersion: page.clientVersion, ...(options.serverUrl === undefined ? {} : { defaultRootUrl: options.serverUrl.replace(/\/$/, '') }) }, null, 2)}\n`,
  );
  writeFileSync(join(bundle, 'README.txt'), bundleReadme());
  return bundle;
}

/** `cordova`: the bundle holds the web.cordova program, which its server serves for hot code push. */
function serverEntrySource(mainModules: readonly string[], allowedOrigins: readonly string[], cordova: boolean): string {
  const imp = (p: string): string => JSON.stringify(toPosix(p));
  return [
    `import './globals.server.mjs';`,
    ...mainModules.map((m) => `import ${imp(m)};`),
    `import { bootServer } from ${imp(BOOT_SERVER)};`,
    `import { dirname, join } from 'node:path';`,
    `import { fileURLToPath } from 'node:url';`,
    `const here = dirname(fileURLToPath(import.meta.url));`,
    `const root = join(here, '..');`,
    `const port = Number(process.env.PORT ?? 3000);`,
    `const booted = await bootServer({ root, host: process.env.BIND_IP ?? '', port, rootUrl: process.env.ROOT_URL ?? \`http://localhost:\${port}\`, testMode: false, serverModules: [], client: { kind: 'built', dir: join(root, 'client') }, installGlobals: false, allowedOrigins: ${JSON.stringify(allowedOrigins)}${cordova ? `, cordovaClientDir: join(root, ${JSON.stringify(CORDOVA_PROGRAM_DIR)})` : ''} });`,
    `export function stop() { return booted.stop(); }`,
    `export function drain(timeoutMs) { return booted.drain(timeoutMs); }`,
    '',
  ].join('\n');
}

/** Copies each package of COPIED_PACKAGES, with its installed dependencies, into bundle/node_modules. */
function copyPackages(root: string, bundle: string): void {
  const seen = new Set<string>();
  const copy = (name: string, fromFile: string): void => {
    if (seen.has(name)) return;
    const dir = findPackageDir(name, fromFile);
    if (dir === undefined) return;
    seen.add(name);
    cpSync(dir, join(bundle, 'node_modules', name), { recursive: true, dereference: true });
    const pkgJson = join(dir, 'package.json');
    const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) copy(dep, pkgJson);
  };
  for (const name of COPIED_PACKAGES) copy(name, join(root, 'package.json'));
}

/**
 * Where Node would find package `name` from `fromFile`, walking up the node_modules folders
 * (works when `exports` hides package.json, and for npm packages named like built-ins such as
 * `punycode`, for which require.resolve.paths gives nothing).
 */
function findPackageDir(name: string, fromFile: string): string | undefined {
  for (let dir = dirname(fromFile); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function bundleReadme(): string {
  return `Perseid production bundle

  node main.js

Environment:
  PORT             port to listen on (default 3000)
  BIND_IP          interface to bind (default: all)
  ROOT_URL         public URL of the app (default http://localhost:PORT or the --server URL)
  MONGO_URL        MongoDB to use; when absent, minimongod runs inside this process
  PERSEID_DB_PATH  minimongod data directory when MONGO_URL is absent (default ./db)
  METEOR_SETTINGS  JSON settings (Meteor.settings; only "public" reaches the browser)
`;
}

export function describeBundle(root: string, bundle: string): string {
  return relative(root, bundle) || '.';
}

/** The boot's Vite dev-server branch is never taken in a bundle; keep Vite out of it. */
function withoutDevServer(): Plugin {
  return {
    name: 'perseid:without-dev-server',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /client-build\/vite-dev$/ }, (args) => ({ path: args.path, namespace: 'perseid-no-dev-server' }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'perseid-no-dev-server' }, () => ({
        contents: "export function startViteDev() { throw new Error('The Vite dev server is not part of a production bundle.'); }",
        loader: 'js',
      }));
    },
  };
}
