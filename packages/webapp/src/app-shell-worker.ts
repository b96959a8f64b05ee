/**
 * The app-shell service worker (served at `/__perseid/sw.js`; `meteor build` and
 * `meteor run --production` bundle this module into the client build, the server prefixes it
 * with the manifest of the version it serves). One worker script per client version: a new
 * deploy changes the script's bytes, so the browser installs the new version beside the old.
 *
 * - install: caches the page (checked to be of this version) and the version's files in a cache
 *   named after the version, reusing unchanged hashed files from older caches. Any failure (a
 *   quota error, a file the server no longer has, a page of another version) deletes the
 *   half-filled cache and fails the install, so the previous worker, or none, stays in charge.
 * - activate: takes over at once and drops every older version's cache.
 * - fetch: a navigation goes to the network first (an online page always gets the server's own
 *   version, so a cached bundle never runs against a newer server; the page's version
 *   handshake reloads a cached page that connects to a newer one) and falls back to the cached
 *   page when the network fails; a file of this version is read from the cache first; anything
 *   else is left to the browser. A cache that cannot be read falls back to the network.
 */
import type { AppShellManifest } from './app-shell-requests';
import { APP_SHELL_MANIFEST_GLOBAL, cacheNameFor, pageIsOfVersion, parseAppShellManifest, shellRequestKind, staleCacheNames } from './app-shell-requests';

/** The parts of the ServiceWorkerGlobalScope used here (the project's TypeScript lib is the DOM's). */
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: { readonly origin: string };
  readonly caches: CacheStorage;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  fetch(input: RequestInfo, init?: RequestInit): Promise<Response>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const manifest = parseAppShellManifest((globalThis as Record<string, unknown>)[APP_SHELL_MANIFEST_GLOBAL]);

if (manifest === undefined) {
  console.warn('[app-shell] the worker script carries no valid manifest: it serves nothing from its cache.');
} else {
  start(manifest);
}

function start(shell: AppShellManifest): void {
  const current = cacheNameFor(shell.version);
  const files = new Set(shell.files);

  scope.addEventListener('install', (event) => {
    event.waitUntil(
      precache(shell, current).then(
        () => scope.skipWaiting(),
        async (error: unknown) => {
          await scope.caches.delete(current).catch(() => false);
          throw error;
        },
      ),
    );
  });

  scope.addEventListener('activate', (event) => {
    event.waitUntil(
      (async () => {
        for (const name of staleCacheNames(await scope.caches.keys(), shell.version)) await scope.caches.delete(name);
        await scope.clients.claim();
      })(),
    );
  });

  scope.addEventListener('fetch', (event) => {
    const request = event.request;
    const kind = shellRequestKind({ method: request.method, url: request.url, mode: request.mode }, scope.location.origin, files);
    if (kind === 'page') event.respondWith(pageNetworkFirst(request, shell.page, current));
    else if (kind === 'file') event.respondWith(fileCacheFirst(request, current));
  });
}

async function precache(shell: AppShellManifest, current: string): Promise<void> {
  const cache = await scope.caches.open(current);
  const page = await scope.fetch(shell.page, { cache: 'no-store', credentials: 'same-origin' });
  if (!page.ok) throw new Error(`app-shell: the page answered ${page.status}`);
  // Installed between two deploys, the page may already be the next version's: never cache it under this one.
  if (!pageIsOfVersion(await page.clone().text(), shell.version)) throw new Error('app-shell: the page is of another client version');
  await cache.put(shell.page, page);
  for (const url of shell.files) {
    // Content-hashed files keep their bytes across versions: an older cache's copy is as good as the server's.
    const kept = url.startsWith('/assets/') ? await readCache(() => scope.caches.match(url)) : undefined;
    const response = kept ?? (await scope.fetch(url, { cache: 'no-cache', credentials: 'same-origin' }));
    if (!response.ok) throw new Error(`app-shell: ${url} answered ${response.status}`);
    await cache.put(url, response);
  }
}

async function pageNetworkFirst(request: Request, page: string, current: string): Promise<Response> {
  let answered: Response | undefined;
  try {
    answered = await scope.fetch(request);
    // A server that answers, even with a 404, decides; only a failing one is replaced by the cached page.
    if (answered.status < 500) return answered;
  } catch {
    // No network: the cached page below.
  }
  const cached = await readCache(async () => (await scope.caches.open(current)).match(page));
  if (cached !== undefined) return cached;
  return answered ?? Response.error();
}

async function fileCacheFirst(request: Request, current: string): Promise<Response> {
  const cached = await readCache(async () => (await scope.caches.open(current)).match(request));
  if (cached !== undefined) return cached;
  const response = await scope.fetch(request);
  if (response.ok) {
    // A file missing from the cache (evicted, or the cache was damaged) is put back; a quota error only costs the copy.
    const copy = response.clone();
    void scope.caches
      .open(current)
      .then((cache) => cache.put(request, copy))
      .catch((error: unknown) => console.warn('[app-shell] could not cache', request.url, error));
  }
  return response;
}

/** A cache read that fails (storage damaged or unavailable) counts as a miss: the network answers instead. */
async function readCache(read: () => Promise<Response | undefined>): Promise<Response | undefined> {
  try {
    const response = await read();
    return response?.ok === true ? response : undefined;
  } catch (error) {
    console.warn('[app-shell] the cache could not be read, using the network:', error);
    return undefined;
  }
}
