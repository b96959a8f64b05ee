// Node module hooks (run in Node's loader thread, hence plain JavaScript): Meteor's
// root-relative specifiers. `/imports/ui/App` means `<app root>/imports/ui/App` when the app
// root has a top-level `imports` entry; the rewritten file URL goes on to the next resolver
// (tsx), which adds the extension or finds the directory index.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

let root = '';

/** @param {{ root: string }} data */
export function initialize(data) {
  root = data.root;
}

/**
 * @param {string} specifier
 * @param {object} context
 * @param {(specifier: string, context?: object) => Promise<object>} nextResolve
 */
export function resolve(specifier, context, nextResolve) {
  if (root !== '' && specifier.startsWith('/') && !specifier.startsWith('//')) {
    const first = specifier.slice(1).split('/')[0];
    if (first !== undefined && first !== '' && existsSync(join(root, first)) && !existsSync(`/${first}`)) {
      return nextResolve(pathToFileURL(join(root, specifier)).href, context);
    }
  }
  return nextResolve(specifier, context);
}
