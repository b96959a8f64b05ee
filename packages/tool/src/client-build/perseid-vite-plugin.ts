import type { Plugin } from 'vite';
import type { PackageGlobal } from '../app/meteor-packages';
import { clientEntrySource, globalsModuleSource } from '../app/generated-modules';

export const CLIENT_ENTRY_ID = 'virtual:perseid/client-entry';
export const CLIENT_GLOBALS_ID = 'virtual:perseid/client-globals';

export interface PerseidVitePluginOptions {
  readonly globals: readonly PackageGlobal[];
  /** Facade modules without globals that npm dependencies must share (AppPackages.sharedModules). */
  readonly sharedModules?: readonly string[];
  /** Root-relative CSS files loaded eagerly, before the main module. */
  readonly css: () => readonly string[];
  /** Root-relative client main module(s). */
  readonly mainModules: readonly string[];
  /** Hot code push on (see clientEntrySource). */
  readonly autoupdate?: boolean;
}

/**
 * Supplies the generated client entry (globals → eager CSS → `client/main.tsx`) as virtual
 * modules, for both the dev server and `vite build`.
 */
export function perseidVitePlugin(options: PerseidVitePluginOptions): Plugin {
  return {
    name: 'perseid:client-entry',
    configResolved(config) {
      // Vite folds the names of a chunk's stylesheets into the chunk's hash, so a CSS-only change
      // would rename unchanged code, and hot code push would reload browsers and make phones
      // download it again. A chunk's own content (which names the CSS of its dynamic imports
      // when it has any) still decides its name, so a code change still renames it.
      const cssPost = config.plugins.find((plugin) => plugin.name === 'vite:css-post') as { augmentChunkHash?: unknown } | undefined;
      if (cssPost !== undefined) delete cssPost.augmentChunkHash;
    },
    resolveId(id) {
      if (id === CLIENT_ENTRY_ID || id === CLIENT_GLOBALS_ID) return `\0${id}`;
      return undefined;
    },
    load(id) {
      if (id === `\0${CLIENT_ENTRY_ID}`)
        return clientEntrySource(CLIENT_GLOBALS_ID, options.css(), options.mainModules, { autoupdate: options.autoupdate === true });
      if (id === `\0${CLIENT_GLOBALS_ID}`) return globalsModuleSource(options.globals, 'client', [], options.sharedModules);
      return undefined;
    },
  };
}
