import react from '@vitejs/plugin-react';
import { defaultClientConditions } from 'vite';
import type { InlineConfig } from 'vite';
import type { ClientArch } from '@perseid/meteor-core';
import type { ModuleAlias } from '../app/app-aliases';
import type { PackageGlobal } from '../app/meteor-packages';
import { findClientCss } from '../app/static-html';
import { moduleThisPlugin } from './module-this';
import type { InlinePostcss } from './postcss-config';
import { perseidVitePlugin } from './perseid-vite-plugin';
import { sharedFacadesInDeps } from './shared-facades-in-deps';

export interface ClientViteConfigOptions {
  readonly root: string;
  readonly globals: readonly PackageGlobal[];
  /** Facade modules without globals that npm dependencies must share (AppPackages.sharedModules). */
  readonly sharedModules?: readonly string[];
  /** The app's declared import aliases (tsconfig paths, Babel module-resolver, rspack). */
  readonly aliases: readonly ModuleAlias[];
  /** The app's PostCSS setup when Vite cannot load its config itself (see postcss-config). */
  readonly postcss?: InlinePostcss | undefined;
  readonly mainModules: readonly string[];
  readonly mode: 'development' | 'production';
  /** Hot code push on (the app uses autoupdate; see clientEntrySource). */
  readonly autoupdate?: boolean;
  /** The program built: `web.cordova` resolves packages' `cordova` export condition first. */
  readonly arch?: ClientArch;
}

/**
 * The one Vite configuration for the client, shared by `meteor run` (middleware mode) and
 * `meteor build`. The app's own vite.config is not read: the app layout is Meteor's.
 * Root-relative imports (`/imports/ui/App`) resolve from the app root natively in Vite.
 */
export function clientViteConfig(options: ClientViteConfigOptions): InlineConfig {
  return {
    root: options.root,
    configFile: false,
    envDir: false,
    mode: options.mode,
    logLevel: 'warn',
    clearScreen: false,
    appType: 'custom',
    publicDir: false,
    // One cache per program: the web.cordova build resolves other files (the `cordova`
    // condition), and under `meteor run` it runs beside the browser's dev server.
    cacheDir: `${options.root}/.meteor/local/${options.arch === 'web.cordova' ? 'vite-cordova' : 'vite'}`,
    plugins: [
      react(),
      moduleThisPlugin(),
      perseidVitePlugin({
        globals: options.globals,
        sharedModules: options.sharedModules ?? [],
        mainModules: options.mainModules,
        css: () => findClientCss(options.root),
        autoupdate: options.autoupdate === true,
      }),
    ],
    resolve: {
      extensions: ['.tsx', '.ts', '.jsx', '.js', '.mjs', '.json'],
      conditions: options.arch === 'web.cordova' ? ['cordova', ...defaultClientConditions] : [...defaultClientConditions],
      alias: options.aliases.map((a) => ({ find: new RegExp(a.find), replacement: a.replacement })),
    },
    ...(options.postcss === undefined ? {} : { css: { postcss: options.postcss } }),
    define: { 'process.env.NODE_ENV': JSON.stringify(options.mode) },
    // JSX follows the build's mode, not the process's NODE_ENV: Vite derives it from NODE_ENV,
    // which a dev server in the same process (or the user's shell) may have set to development,
    // and a production bundle calling React's jsxDEV fails at load (`jsxDEV is not a function`).
    oxc: { jsx: { development: options.mode === 'development' } },
    server: {
      watch: { ignored: ['**/.meteor/local/**', '**/node_modules/**', '**/.git/**'] },
      // Second line behind the dev request guard: Vite's own file-serving checks refuse what
      // Meteor never ships to a client (the guard is what decides; see dev-request-guard).
      fs: { strict: true, deny: ['.env', '.env.*', '*.{crt,pem,key}', '**/.git/**', '**/.meteor/local/db/**'] },
    },
    optimizeDeps: {
      entries: options.mainModules.map((m) => `${options.root}/${m}`),
      rolldownOptions: { plugins: [sharedFacadesInDeps()] },
    },
  };
}
