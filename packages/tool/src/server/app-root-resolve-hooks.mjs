// Node module hooks (run in Node's loader thread, hence plain JavaScript).
//
// 1. Meteor's root-relative specifiers: `/imports/ui/App` means `<app root>/imports/ui/App`
//    when the app root has a top-level `imports` entry; the rewritten file URL goes on to the
//    next resolver (tsx), which adds the extension or finds the directory index.
// 2. Every resolved file outside node_modules is reported on `data.port`, so `meteor run`
//    knows which files this server loaded and restarts only when one of them changes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

let root = '';
/** @type {import('node:worker_threads').MessagePort | undefined} */
let port;

/** @param {{ root: string, port?: import('node:worker_threads').MessagePort }} data */
export function initialize(data) {
  root = data.root;
  port = data.port;
}

/**
 * @param {string} specifier
 * @param {object} context
 * @param {(specifier: string, context?: object) => Promise<{ url: string }>} nextResolve
 */
export async function resolve(specifier, context, nextResolve) {
  let target = specifier;
  if (root !== '' && specifier.startsWith('/') && !specifier.startsWith('//')) {
    const first = specifier.slice(1).split('/')[0];
    if (first !== undefined && first !== '' && existsSync(join(root, first)) && !existsSync(`/${first}`)) {
      target = pathToFileURL(join(root, specifier)).href;
    }
  }
  const result = await nextResolve(target, context);
  if (port !== undefined && result.url.startsWith('file:') && !result.url.includes('/node_modules/')) port.postMessage(result.url);
  return result;
}
