import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import type { InlineConfig } from 'vite';
import type { ClientArch } from '@perseid/meteor-core';
import { readAppConfig } from '../app/app-config';
import { readMeteorPackages } from '../app/meteor-packages';
import { readStaticHtml } from '../app/static-html';
import type { BuiltClientPage } from '../server/built-client-page';
import { BUILT_PAGE_FILE } from '../server/built-client-page';
import { ToolError } from '../tool-error';
import { readAppId } from '../cordova/cordova-project';
import { cordovaCompatibilityVersions } from '../cordova/cordova-program';
import { CLIENT_ENTRY_ID } from './perseid-vite-plugin';
import { clientViteConfig } from './vite-config';
import { readAppAliases } from '../app/app-aliases';
import { commonJsPostcssConfig } from './postcss-config';
import { buildAppShellWorker } from './build-app-shell-worker';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  css?: string[];
}

async function viteBase(root: string, arch: ClientArch): Promise<InlineConfig> {
  const config = readAppConfig(root);
  const { globals, autoupdate, sharedModules } = readMeteorPackages(root);
  return clientViteConfig({
    root,
    globals,
    sharedModules,
    aliases: await readAppAliases(root, (line) => console.warn(line)),
    postcss: await commonJsPostcssConfig(root),
    mainModules: config.mainModule.client === undefined ? [] : [config.mainModule.client],
    mode: 'production',
    autoupdate,
    arch,
  });
}

function buildOptions(outDir: string): NonNullable<InlineConfig['build']> {
  return {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    manifest: 'manifest.json',
    sourcemap: false,
    rollupOptions: {
      input: CLIENT_ENTRY_ID,
      // npm dependencies and the Meteor runtime in chunks of their own: a change to app code
      // then renames only the app's chunk, and a phone's hot code push downloads only that.
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor', test: /[\\/]node_modules[\\/]/ },
            { name: 'meteor-runtime', test: /[\\/]packages[\\/][^\\/]+[\\/]src[\\/]/ },
          ],
        },
      },
    },
  };
}

/**
 * Production client build of one program (`web.browser`, or `web.cordova` for the phones) into
 * `outDir`: content-hashed files under `assets/` plus `page.json` (scripts, stylesheets,
 * static-html fragments, and a client version derived from the manifest and the arch, so it
 * changes exactly when an asset does and the two programs never share a version).
 */
export async function buildClient(root: string, outDir: string, arch: ClientArch = 'web.browser'): Promise<BuiltClientPage> {
  const base = await viteBase(root, arch);
  rmSync(outDir, { recursive: true, force: true });
  try {
    await build({ ...base, build: buildOptions(outDir) });
  } catch (error) {
    throw new ToolError('build.failed', `The client build failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Browsers get the app-shell service worker; Cordova's plugin keeps its versions on the device itself.
  if (arch === 'web.browser') await buildAppShellWorker(outDir);
  return writeBuiltPage(root, outDir, arch);
}

export interface ClientWatchBuild {
  close(): Promise<void>;
}

/**
 * The production build kept up to date (Vite's watch mode): after each rebuild page.json is
 * written anew, so a server following it (the Cordova program of `meteor run`) sees a new
 * version. Old files stay (a phone may be downloading the previous version). Resolves after the
 * first build; a failed rebuild is reported and the last good build stays.
 */
export async function watchClientBuild(root: string, outDir: string, arch: ClientArch, report: (line: string) => void): Promise<ClientWatchBuild> {
  rmSync(outDir, { recursive: true, force: true });
  let first: ((error?: unknown) => void) | undefined;
  const firstBuild = new Promise<void>((resolve, reject) => {
    first = (error) => (error === undefined ? resolve() : reject(error));
  });
  const watcher = (await build({ ...(await viteBase(root, arch)), build: { ...buildOptions(outDir), emptyOutDir: false, watch: {} } })) as unknown as {
    on(event: 'event', listener: (e: { code: string; error?: unknown; result?: { close(): Promise<void> } }) => void): void;
    close(): Promise<void>;
  };
  watcher.on('event', (event) => {
    if (event.code === 'BUNDLE_END') void event.result?.close();
    if (event.code === 'END') {
      try {
        writeBuiltPage(root, outDir, arch);
        first?.();
      } catch (error) {
        report(`=> The ${arch} client build failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (event.code === 'ERROR') {
      report(`=> The ${arch} client build failed: ${event.error instanceof Error ? event.error.message : String(event.error)}`);
      first?.(event.error);
    }
  });
  try {
    await firstBuild;
  } catch (error) {
    await watcher.close();
    throw new ToolError('build.failed', `The client build failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  first = undefined;
  return { close: () => watcher.close() };
}

function writeBuiltPage(root: string, outDir: string, arch: ClientArch): BuiltClientPage {
  const manifestText = readFileSync(join(outDir, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as Record<string, ManifestChunk>;
  const entry = Object.values(manifest).find((c) => c.isEntry === true);
  if (entry === undefined) throw new ToolError('build.failed', 'The client build produced no entry chunk.');
  const html = readStaticHtml(root);
  const page: BuiltClientPage = {
    ...html,
    scripts: [`/${entry.file}`],
    stylesheets: (entry.css ?? []).map((c) => `/${c}`),
    clientVersion: createHash('sha256')
      .update(arch === 'web.browser' ? manifestText : `${arch}\n${manifestText}`)
      .digest('hex')
      .slice(0, 16),
    appId: readAppId(root),
    cordovaCompatibilityVersions: cordovaCompatibilityVersions(process.env),
  };
  writeFileSync(join(outDir, BUILT_PAGE_FILE), `${JSON.stringify(page, null, 2)}\n`);
  return page;
}
