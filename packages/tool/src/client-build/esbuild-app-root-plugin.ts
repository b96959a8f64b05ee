import { dirname, basename } from 'node:path';
import type { Plugin } from 'esbuild';
import type { ModuleAlias } from '../app/app-aliases';
import { appSpecifierPath } from '../server/app-specifier.mjs';

/**
 * The app's own specifiers for esbuild, as the server resolves them (app-specifier.mjs):
 * Meteor's root-relative `/imports/ui/App` from the app root (even without tsconfig `paths`),
 * and the aliases the app declares.
 */
export function appRootImports(root: string, aliases: readonly ModuleAlias[] = []): Plugin {
  const filter = new RegExp([/^\/[^/]/.source, ...aliases.map((a) => a.find)].map((s) => `(?:${s})`).join('|'));
  return {
    name: 'perseid:app-root-imports',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter }, async (args) => {
        const path = appSpecifierPath(root, aliases, args.path);
        if (path === undefined) return undefined;
        const resolved = await pluginBuild.resolve(`./${basename(path)}`, { kind: args.kind, resolveDir: dirname(path) });
        return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path, sideEffects: resolved.sideEffects };
      });
    },
  };
}
