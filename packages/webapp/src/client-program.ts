/**
 * A client program (Meteor's `WebApp.clientPrograms[arch]`): the files a client architecture
 * loads, each with the SHA-1 of its bytes, and the versions derived from them. The versions
 * drive hot code push: `versionRefreshable` changes with the CSS only (swapped in place),
 * `versionNonRefreshable` with everything else (a reload), `version` with either.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export type ClientArch = 'web.browser' | 'web.cordova';
export type ClientFileType = 'js' | 'css' | 'asset';

export interface ClientProgramFile {
  /** Where the file lives inside the program (also where the Cordova plugin stores it). */
  readonly path: string;
  readonly url: string;
  readonly type: ClientFileType;
  /** Content-hashed names never change content: the plugin may reuse them across versions. */
  readonly cacheable: boolean;
  /** SHA-1 of the bytes, hex: the Cordova manifest's `hash` and the served ETag. */
  readonly hash: string;
  readonly size: number;
  readonly absolutePath: string;
}

export interface ClientVersions {
  readonly version: string;
  readonly versionRefreshable: string;
  readonly versionNonRefreshable: string;
  /** Meteor's HMR version; Vite's HMR does not use it, so it follows the non-refreshable one. */
  readonly versionReplaceable: string;
}

export function sha1(bytes: Buffer | string): string {
  return createHash('sha1').update(bytes).digest('hex');
}

function fileType(path: string): ClientFileType {
  if (path.endsWith('.js') || path.endsWith('.mjs')) return 'js';
  if (path.endsWith('.css')) return 'css';
  return 'asset';
}

export interface ClientFileSource {
  readonly dir: string;
  /** URL prefix of the directory's files ('' for the site root). */
  readonly urlPrefix: string;
  readonly cacheable: boolean;
  /** Paths relative to `dir` left out (build bookkeeping such as page.json). */
  readonly exclude?: readonly string[];
}

/**
 * The files of a built client, in a stable order (by URL). Dotfiles are skipped, as the static
 * handler never serves them; a URL present in two sources keeps the first (the build wins over
 * public/, as the request pipeline serves it).
 */
export function readClientFiles(sources: readonly ClientFileSource[]): ClientProgramFile[] {
  const byUrl = new Map<string, ClientProgramFile>();
  for (const source of sources) {
    const walk = (dir: string): void => {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      for (const name of names.sort()) {
        if (name.startsWith('.')) continue;
        const absolutePath = join(dir, name);
        if (statSync(absolutePath).isDirectory()) {
          walk(absolutePath);
          continue;
        }
        const rel = relative(source.dir, absolutePath).split(sep).join('/');
        if (source.exclude?.includes(rel)) continue;
        const url = `${source.urlPrefix.replace(/\/$/, '')}/${rel}`;
        if (byUrl.has(url)) continue;
        const bytes = readFileSync(absolutePath);
        byUrl.set(url, { path: url.slice(1), url, type: fileType(rel), cacheable: source.cacheable, hash: sha1(bytes), size: bytes.length, absolutePath });
      }
    };
    walk(source.dir);
  }
  return [...byUrl.values()].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

/**
 * The versions of a program. `page` is everything else the client receives that is not a file
 * (static-html fragments, script and stylesheet order, public settings): a change there is a
 * non-refreshable change. `pinned` (AUTOUPDATE_VERSION) replaces every version, as in Meteor.
 */
export function calculateClientVersions(files: readonly ClientProgramFile[], page: unknown, pinned?: string): ClientVersions {
  if (pinned !== undefined && pinned !== '') {
    return { version: pinned, versionRefreshable: pinned, versionNonRefreshable: pinned, versionReplaceable: pinned };
  }
  const digest = (list: readonly ClientProgramFile[], extra: string): string => {
    const hash = createHash('sha1');
    for (const f of list) hash.update(`${f.url}\0${f.hash}\n`);
    hash.update(extra);
    return hash.digest('hex');
  };
  const css = files.filter((f) => f.type === 'css');
  const rest = files.filter((f) => f.type !== 'css');
  const pageText = JSON.stringify(page ?? null);
  const versionRefreshable = digest(css, '');
  const versionNonRefreshable = digest(rest, pageText);
  const version = sha1(`${versionRefreshable}\0${versionNonRefreshable}`);
  return { version, versionRefreshable, versionNonRefreshable, versionReplaceable: versionNonRefreshable };
}

/** Per platform, the native code (platform and plugin versions) a Cordova program needs. */
export interface CordovaCompatibilityVersions {
  readonly android: string;
  readonly ios: string;
}

/** One entry of the manifest the native plugin reads (`where: "client"` only). */
export interface CordovaManifestEntry {
  readonly where: 'client';
  readonly path: string;
  readonly url: string;
  readonly type: ClientFileType;
  readonly cacheable: boolean;
  readonly hash: string;
  readonly size: number;
  readonly sourceMap?: string;
  readonly sourceMapUrl?: string;
}

export interface CordovaManifest {
  readonly format: 'web-program-pre1';
  readonly version: string;
  readonly cordovaCompatibilityVersions: CordovaCompatibilityVersions;
  readonly manifest: readonly CordovaManifestEntry[];
}

/**
 * A file's URL as the manifest gives it: percent-encoded per path segment, because the plugin
 * builds each download URL from it (iOS's URLComponents refuses a space, and a `#` or `?` would
 * cut the path) and decodes it for its own local server; the server decodes what it is asked for.
 * The names Vite and most apps use are unchanged by it.
 */
function manifestUrl(url: string): string {
  return url.split('/').map(encodeURIComponent).join('/');
}

/**
 * The manifest of a Cordova program (cordova-plugin-meteor-webapp's `program.json` and
 * `/__cordova/manifest.json`). index.html is not listed: the plugin always fetches it and
 * checks its `autoupdateVersionCordova` against `version`.
 */
export function cordovaManifest(files: readonly ClientProgramFile[], version: string, compatibility: CordovaCompatibilityVersions): CordovaManifest {
  const entries = files.map((f): CordovaManifestEntry => {
    const map = files.find((m) => m.url === `${f.url}.map`);
    return {
      where: 'client',
      path: f.path,
      url: manifestUrl(f.url),
      type: f.type,
      cacheable: f.cacheable,
      hash: f.hash,
      size: f.size,
      ...(map === undefined ? {} : { sourceMap: map.path, sourceMapUrl: manifestUrl(map.url) }),
    };
  });
  return { format: 'web-program-pre1', version, cordovaCompatibilityVersions: compatibility, manifest: entries };
}

/** What besides its files goes into a program's versions: the page parts and public settings. */
export function programVersions(
  arch: ClientArch,
  files: readonly ClientProgramFile[],
  page: unknown,
  publicSettings: unknown,
  pinned?: string,
): ClientVersions {
  return calculateClientVersions(files, { arch, page, publicSettings }, pinned);
}
