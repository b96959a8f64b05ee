/**
 * The app shell's rules, shared by the server (which serves the service worker and the page),
 * the worker itself and the page that registers it. Pure (no DOM, no Node): the worker bundle
 * and Node's tests import the same code.
 *
 * The worker answers only two kinds of request, both GET and same-origin: the files of the
 * client version it was installed for (cache first: their names are content-hashed, or they
 * belong to that version) and page navigations (network first, the cached page when the
 * network fails). Everything else (DDP's `/websocket` and `/sockjs`, methods, uploads and
 * downloads, `/__perseid/*`, Vite's and Cordova's endpoints, any other method) goes to the
 * network untouched.
 */

/** Where the server serves the worker; the page registers it with scope `/`. */
export const APP_SHELL_WORKER_PATH = '/__perseid/sw.js';
/** Every cache the worker owns starts with this, so it never touches an app's own caches. */
export const APP_SHELL_CACHE_PREFIX = 'perseid-app-shell:';
/** The global the served worker script sets before its code: the manifest of its version. */
export const APP_SHELL_MANIFEST_GLOBAL = '__perseidAppShell';

/** Bounds on what a manifest may carry (the worker script is data from the server, but bounded all the same). */
export const APP_SHELL_MAX_FILES = 2_000;
const MAX_URL_LENGTH = 2_048;
const MAX_VERSION_LENGTH = 200;

export interface AppShellManifest {
  /** The `web.browser` version the server publishes in `meteor_autoupdate_clientVersions`. */
  readonly version: string;
  /** The page URL cached for offline navigations. */
  readonly page: string;
  /** Same-origin paths of the client's files (hashed assets, public files). */
  readonly files: readonly string[];
}

export type ShellRequestKind = 'page' | 'file' | 'pass';

export interface ShellRequest {
  readonly method: string;
  readonly url: string;
  /** `Request.mode`: `navigate` for a page load. */
  readonly mode: string;
}

export function cacheNameFor(version: string): string {
  return `${APP_SHELL_CACHE_PREFIX}${version}`;
}

/** The worker's caches other than the current version's: dropped once a version activates. */
export function staleCacheNames(names: readonly string[], version: string): string[] {
  const current = cacheNameFor(version);
  return names.filter((name) => name.startsWith(APP_SHELL_CACHE_PREFIX) && name !== current);
}

/** First path segments that are never a page: DDP, tool and runtime endpoints. */
const NEVER_PAGE_SEGMENT = /^(?:@fs|@id|@vite|__.*|websocket|sockjs)$/;

/**
 * Whether a path is a client route the server answers with the page (`/channel/general`): no
 * segment starting with a dot, no file extension in the last one, not under a tool prefix.
 * Judged on the fully decoded path, so `/%2eenv` is the file `.env`.
 */
export function isPagePath(rawPath: string): boolean {
  let path = rawPath;
  for (let layer = 0; layer < 4 && path.includes('%'); layer += 1) {
    try {
      path = decodeURIComponent(path);
    } catch {
      return false;
    }
  }
  if (path.includes('%')) return false;
  const segments = path.replace(/\\/g, '/').split('/');
  if (segments.some((s) => s.startsWith('.')) || NEVER_PAGE_SEGMENT.test(segments[1] ?? '')) return false;
  return !(segments.at(-1) ?? '').includes('.');
}

/** How the worker treats a request; `origin` is the worker's own, `files` the manifest's. */
export function shellRequestKind(request: ShellRequest, origin: string, files: ReadonlySet<string>): ShellRequestKind {
  if (request.method !== 'GET') return 'pass';
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return 'pass';
  }
  if (url.origin !== origin) return 'pass';
  if (files.has(url.pathname) && url.search === '') return 'file';
  if (request.mode === 'navigate' && isPagePath(url.pathname)) return 'page';
  return 'pass';
}

/** The manifest the served script carries, or undefined when it is not one (the worker then stays out of the way). */
export function parseAppShellManifest(value: unknown): AppShellManifest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  const { version, page, files } = r;
  if (typeof version !== 'string' || version === '' || version.length > MAX_VERSION_LENGTH) return undefined;
  if (typeof page !== 'string' || !isSameOriginPath(page)) return undefined;
  if (!Array.isArray(files) || files.length > APP_SHELL_MAX_FILES) return undefined;
  const paths = files.filter((f): f is string => typeof f === 'string' && isSameOriginPath(f));
  if (paths.length !== files.length) return undefined;
  return { version, page, files: paths };
}

function isSameOriginPath(path: string): boolean {
  return path.length <= MAX_URL_LENGTH && path.startsWith('/') && !path.startsWith('//') && !path.includes('\\');
}

/** The page is of the manifest's version when its runtime config names that version. */
export function pageIsOfVersion(html: string, version: string): boolean {
  return html.includes(`"version":"${version}"`);
}
