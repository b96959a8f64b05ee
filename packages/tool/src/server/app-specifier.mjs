// Plain JavaScript: shared by Node's module-hooks thread (ESM resolution) and the main thread
// (CommonJS resolution), which cannot load TypeScript before tsx is set up there.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * What an app's import specifier names before Node's own resolution, or undefined when it is an
 * ordinary specifier:
 *
 * - Meteor's root-relative `/imports/ui/App` is `<root>/imports/ui/App` when the app root has a
 *   top-level `imports` entry and the filesystem root does not;
 * - an alias the app declares (tsconfig `paths`, Babel module-resolver, rspack `resolve.alias`;
 *   see app-aliases.ts), the first match applying.
 *
 * The result is an absolute path without its extension; the next resolver (tsx) completes it.
 *
 * @param {string} root
 * @param {readonly { find: string, replacement: string }[]} aliases
 * @param {string} specifier
 * @returns {string | undefined}
 */
export function appSpecifierPath(root, aliases, specifier) {
  if (root !== '' && specifier.startsWith('/') && !specifier.startsWith('//')) {
    const first = specifier.slice(1).split('/')[0];
    if (first !== undefined && first !== '' && existsSync(join(root, first)) && !existsSync(`/${first}`)) return join(root, specifier);
    return undefined;
  }
  for (const alias of aliases) {
    const pattern = new RegExp(alias.find);
    if (pattern.test(specifier)) return specifier.replace(pattern, alias.replacement);
  }
  return undefined;
}

/**
 * @param {string} root
 * @param {readonly { find: string, replacement: string }[]} aliases
 * @param {string} specifier
 * @returns {string | undefined} the file URL form, for ESM resolution
 */
export function appSpecifierUrl(root, aliases, specifier) {
  const path = appSpecifierPath(root, aliases, specifier);
  return path === undefined ? undefined : pathToFileURL(path).href;
}
