import type { Plugin } from 'vite';
import type { PackageGlobal } from '../app/meteor-packages';
import { clientEntrySource, globalsModuleSource } from '../app/generated-modules';

export const CLIENT_ENTRY_ID = 'virtual:perseid/client-entry';
export const CLIENT_GLOBALS_ID = 'virtual:perseid/client-globals';

export interface PerseidVitePluginOptions {
  readonly globals: readonly PackageGlobal[];
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
    resolveId(id) {
      if (id === CLIENT_ENTRY_ID || id === CLIENT_GLOBALS_ID) return `\0${id}`;
      return undefined;
    },
    load(id) {
      if (id === `\0${CLIENT_ENTRY_ID}`) return clientEntrySource(CLIENT_GLOBALS_ID, options.css(), options.mainModules, { autoupdate: options.autoupdate === true });
      if (id === `\0${CLIENT_GLOBALS_ID}`) return globalsModuleSource(options.globals, 'client');
      return undefined;
    },
  };
}
