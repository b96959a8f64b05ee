/**
 * What the dev server lets Vite answer. Vite serves any file under its root (and, through
 * `/@fs/`, files beside it) with `?raw`, `?url` and `?import` variants; in `meteor run` that root
 * is the app, holding the development database (`.meteor/local/db`), settings, server code and
 * tests. A browser needs only what a Meteor build would ship to it, so Vite sees a request only
 * when it names:
 *
 * - one of Vite's own client modules (`/@vite/client`, `/@vite/env`, `/@react-refresh`) or the
 *   generated client entry;
 * - a module of the client module graph: one that a client module already imports (the graph
 *   grows from the entry as the browser follows imports, so nothing else can enter it), with
 *   exactly the query it was imported with (`?raw` of a client module is not an import of it);
 * - a pre-bundled npm dependency (a `.js` file of Vite's deps cache);
 * - a static asset of the app (image, font, media, wasm) that CSS or code refers to.
 *
 * and, for files, never one Meteor keeps from clients: dotfiles and dot-directories
 * (`.meteor/`, `.env`, `.git/`), `server/` and `tests/` at any depth, top-level `private/`,
 * settings files, `package.json` and lock files. Anything else bypasses Vite and falls through
 * to the app's routes, whose 404 it gets (WebApp serves no page for a path with a dot segment).
 * Paths are judged after full percent-decoding and normalisation; a request whose path is not
 * already in normal form (`//`, `/./`, `..`, backslashes, double encoding) never reaches Vite.
 */
import { isAbsolute, posix, relative, sep } from 'node:path';

/** The slice of Vite's client module graph the guard reads (never resolves: no side effects). */
export interface ClientModuleGraph {
  has(url: string): boolean;
}

export interface DevRequestGuardOptions {
  /** Absolute app root. */
  readonly root: string;
  /** Absolute directory of Vite's optimized dependencies. */
  readonly depsDir: string;
  /** URLs always served: the generated client entry. */
  readonly entryUrls: readonly string[];
  readonly graph: ClientModuleGraph;
}

export type DevRequestDecision = 'vite' | 'bypass';

const ID_PREFIX = '/@id/';
const NUL_PLACEHOLDER = '__x00__';

const VITE_CLIENT_URLS = new Set(['/@vite/client', '/@vite/env', '/@react-refresh']);

/** Query parameters Vite adds itself (cache busting, import marking) and strips before lookup. */
const VITE_BOOKKEEPING_QUERY = /^(?:t|v|import)$/;

const ASSET_EXTENSION = /\.(?:png|jpe?g|gif|svg|webp|avif|ico|bmp|woff2?|ttf|otf|eot|mp3|mp4|webm|ogg|oga|wav|flac|aac|m4a|wasm)$/i;

const PRIVATE_FILE_NAMES = new Set([
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'mobile-config.js',
]);
const SETTINGS_FILE = /^settings(?:[-.][^/]*)?\.json$/i;

/** Decodes until stable; undefined when malformed or suspicious (NUL, too many layers). */
function fullyDecoded(path: string): string | undefined {
  let current = path;
  for (let layer = 0; layer < 4; layer += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return undefined;
    }
    if (next === current) return current.includes('\0') ? undefined : current;
    current = next;
  }
  return undefined;
}

/** Whether a root-relative (posix) path names something Meteor never sends to a client. */
export function isPrivateAppPath(relativePath: string): boolean {
  const segments = relativePath.split('/').filter((s) => s !== '');
  const inNodeModules = segments.includes('node_modules');
  const last = segments.at(-1) ?? '';
  if (segments.some((s) => s.startsWith('.'))) return true;
  if (PRIVATE_FILE_NAMES.has(last) || SETTINGS_FILE.test(last)) return true;
  // Meteor's layout rules apply to the app's own files; npm packages keep their own layout.
  if (!inNodeModules && (segments.includes('server') || segments.includes('tests') || segments[0] === 'private')) return true;
  return false;
}

/** The absolute file a normalised URL path stands for, or undefined for non-file ids. */
function fileOf(path: string, root: string): string | undefined {
  if (path.startsWith(ID_PREFIX)) return undefined;
  if (path.startsWith('/@fs/')) return path.slice('/@fs'.length);
  return posix.join(root.split(sep).join('/'), path);
}

function rootRelative(root: string, file: string): string | undefined {
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

export function devRequestDecision(method: string | undefined, rawUrl: string, options: DevRequestGuardOptions): DevRequestDecision {
  if (method !== 'GET' && method !== 'HEAD') return 'bypass';
  const queryStart = rawUrl.indexOf('?');
  const rawPath = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const rawQuery = queryStart === -1 ? '' : rawUrl.slice(queryStart + 1);
  const query = new URLSearchParams(rawQuery);
  const path = fullyDecoded(rawPath);
  if (path === undefined || !path.startsWith('/')) return 'bypass';
  // Vite decodes once; a path that changes under more decoding or normalisation would be read
  // differently by Vite than judged here.
  if (path.includes('\\') || posix.normalize(path) !== path || path.includes('//')) return 'bypass';
  let singleDecoded: string;
  try {
    singleDecoded = decodeURI(rawPath);
  } catch {
    return 'bypass';
  }
  if (singleDecoded !== path) return 'bypass';

  const onlyBookkeeping = [...query.keys()].every((k) => VITE_BOOKKEEPING_QUERY.test(k));
  if ((VITE_CLIENT_URLS.has(path) || options.entryUrls.includes(path)) && onlyBookkeeping) return 'vite';

  const file = fileOf(path, options.root);
  if (file !== undefined) {
    const inRoot = rootRelative(options.root, file);
    const inDeps = rootRelative(options.depsDir, file);
    if (inDeps !== undefined) return /^[^/]+\.js(?:\.map)?$/.test(inDeps) && onlyBookkeeping ? 'vite' : 'bypass';
    if (inRoot !== undefined && isPrivateAppPath(inRoot)) return 'bypass';
    if (inRoot === undefined && PRIVATE_FILE_NAMES.has(posix.basename(file))) return 'bypass';
  }

  const key = graphKey(path, rawQuery);
  if (key !== undefined && options.graph.has(key)) return 'vite';
  if (file !== undefined && rootRelative(options.root, file) !== undefined && ASSET_EXTENSION.test(path) && onlyBookkeeping) return 'vite';
  return 'bypass';
}

/** The URL as Vite keys its module graph: decoded, without its timestamp and import markers. */
function graphKey(path: string, rawQuery: string): string | undefined {
  let query: string;
  try {
    query = decodeURI(rawQuery);
  } catch {
    return undefined;
  }
  const kept = query.split('&').filter((part) => part !== '' && !/^(?:t|import)(?:=|$)/.test(part));
  // `/@id/<id>` URLs are keyed by the id itself, with Vite's NUL placeholder restored.
  const url = path.startsWith(ID_PREFIX) ? path.slice(ID_PREFIX.length).replace(NUL_PLACEHOLDER, '\0') : path;
  return kept.length === 0 ? url : `${url}?${kept.join('&')}`;
}
