import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * Meteor's root-relative specifiers (`/imports/ui/App`) resolve from the app root when its
 * first segment is a top-level entry of the app and not of the filesystem, even without
 * tsconfig `paths`.
 */
export function appRootImports(root: string): Plugin {
  return {
    name: 'perseid:app-root-imports',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^\/[^/]/ }, async (args) => {
        const first = args.path.slice(1).split('/')[0] ?? '';
        if (first === '' || !existsSync(join(root, first)) || existsSync(`/${first}`)) return undefined;
        const resolved = await pluginBuild.resolve(`./${args.path.slice(1)}`, { kind: args.kind, resolveDir: root });
        return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path, sideEffects: resolved.sideEffects };
      });
    },
  };
}
