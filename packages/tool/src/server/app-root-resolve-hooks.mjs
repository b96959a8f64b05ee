// Node module hooks (run in Node's loader thread, hence plain JavaScript).
//
// 1. The app's own specifiers (Meteor's root-relative `/imports/...` and the aliases it
//    declares; see app-specifier.mjs) become file URLs that go on to the next resolver (tsx),
//    which adds the extension or finds the directory index.
// 2. Every resolved file outside node_modules is reported on `data.port`, so `meteor run`
//    knows which files this server loaded and restarts only when one of them changes.
import { appSpecifierUrl } from './app-specifier.mjs';

let root = '';
/** @type {readonly { find: string, replacement: string }[]} */
let aliases = [];
/** @type {import('node:worker_threads').MessagePort | undefined} */
let port;

/** @param {{ root: string, aliases?: { find: string, replacement: string }[], port?: import('node:worker_threads').MessagePort }} data */
export function initialize(data) {
  root = data.root;
  aliases = data.aliases ?? [];
  port = data.port;
}

/**
 * @param {string} specifier
 * @param {object} context
 * @param {(specifier: string, context?: object) => Promise<{ url: string }>} nextResolve
 */
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(appSpecifierUrl(root, aliases, specifier) ?? specifier, context);
  if (port !== undefined && result.url.startsWith('file:') && !result.url.includes('/node_modules/')) port.postMessage(result.url);
  return result;
}
