import type { Plugin } from 'vite';
import { SHARED_MODULES_GLOBAL } from '../app/generated-modules';

const PREFIX = '\0perseid-shared-facade:';

/**
 * For Vite's dependency pre-bundling: an npm package that imports or requires `meteor/<pkg>`
 * gets the page's own facade instance (left by the client globals module) instead of a copy of
 * the runtime bundled into its chunk, which would be a second `Meteor` with a second DDP
 * connection. Meteor, too, has one instance per package.
 */
export function sharedFacadesInDeps(): Plugin {
  return {
    name: 'perseid:shared-facades-in-deps',
    resolveId(id) {
      return id.startsWith('meteor/') ? `${PREFIX}${id}` : undefined;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return undefined;
      const specifier = JSON.stringify(id.slice(PREFIX.length));
      return [
        `var shared = globalThis[${JSON.stringify(SHARED_MODULES_GLOBAL)}] && globalThis[${JSON.stringify(SHARED_MODULES_GLOBAL)}][${specifier}];`,
        `if (!shared) throw new Error(${specifier} + ' is used by an npm package, but no package in .meteor/packages provides it');`,
        'module.exports = shared;',
      ].join('\n');
    },
  };
}
