import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import type { ClientArch } from '@perseid/meteor-core';
import { readAppConfig } from '../app/app-config';
import { readMeteorPackages } from '../app/meteor-packages';
import { readStaticHtml } from '../app/static-html';
import type { BuiltClientPage } from '../server/built-client-page';
import { BUILT_PAGE_FILE } from '../server/built-client-page';
import { ToolError } from '../tool-error';
import { CLIENT_ENTRY_ID } from './perseid-vite-plugin';
import { clientViteConfig } from './vite-config';
import { readAppAliases } from '../app/app-aliases';
import { commonJsPostcssConfig } from './postcss-config';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  css?: string[];
}

/**
 * Production client build of one program (`web.browser`, or `web.cordova` for the phones) into
 * `outDir`: content-hashed files under `assets/` plus `page.json` (scripts, stylesheets,
 * static-html fragments, and a client version derived from the manifest and the arch, so it
 * changes exactly when an asset does and the two programs never share a version).
 */
export async function buildClient(root: string, outDir: string, arch: ClientArch = 'web.browser'): Promise<BuiltClientPage> {
  const config = readAppConfig(root);
  const { globals } = readMeteorPackages(root);
  const base = clientViteConfig({ root, globals, aliases: await readAppAliases(root, (line) => console.warn(line)), postcss: await commonJsPostcssConfig(root), mainModules: config.mainModule.client === undefined ? [] : [config.mainModule.client], mode: 'production', arch });
  rmSync(outDir, { recursive: true, force: true });
  try {
    await build({
      ...base,
      build: {
        outDir,
        emptyOutDir: true,
        assetsDir: 'assets',
        manifest: 'manifest.json',
        sourcemap: false,
        rollupOptions: { input: CLIENT_ENTRY_ID },
      },
      // Both programs share the app's Vite cache folder; a second build must not reuse the first's.
      ...(arch === 'web.cordova' ? { cacheDir: `${root}/.meteor/local/vite-cordova` } : {}),
    });
  } catch (error) {
    throw new ToolError('build.failed', `The client build failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const manifestText = readFileSync(join(outDir, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(manifestText) as Record<string, ManifestChunk>;
  const entry = Object.values(manifest).find((c) => c.isEntry === true);
  if (entry === undefined) throw new ToolError('build.failed', 'The client build produced no entry chunk.');
  const html = readStaticHtml(root);
  const page: BuiltClientPage = {
    ...html,
    scripts: [`/${entry.file}`],
    stylesheets: (entry.css ?? []).map((c) => `/${c}`),
    clientVersion: createHash('sha256').update(arch === 'web.browser' ? manifestText : `${arch}\n${manifestText}`).digest('hex').slice(0, 16),
  };
  writeFileSync(join(outDir, BUILT_PAGE_FILE), `${JSON.stringify(page, null, 2)}\n`);
  return page;
}
