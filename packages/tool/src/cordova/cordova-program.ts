/**
 * The `web.cordova` program: the built client's files, public/, and a Cordova index.html, with
 * its version and the manifest cordova-plugin-meteor-webapp reads. `meteor build` writes it into
 * `www/application` (program.json) and the server serves the same program under `/__cordova/`,
 * both from this one function, so a phone built from a bundle starts on the version that
 * bundle's server publishes and downloads nothing until the server moves on.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { cordovaManifest, programVersions, readClientFiles, renderBoilerplate, withoutUserinfo } from '@perseid/webapp';
import type { ClientProgramFile, ClientVersions, CordovaCompatibilityVersions, CordovaManifest, RuntimeConfig } from '@perseid/webapp';
import type { BuiltClientPage } from '../server/built-client-page';
import { CORDOVA_PLATFORM_VERSIONS, WEBAPP_PLUGIN } from './cordova-project';
import type { MobilePlatform } from './mobile-platforms';

/**
 * The Cordova compatibility version of a platform: a hash of the platform version and the
 * plugins, so a bundle needing other native code is never pushed to an older binary.
 * `METEOR_CORDOVA_COMPAT_VERSION_<PLATFORM>` overrides it, as in Meteor.
 */
export function cordovaCompatibilityVersion(platform: MobilePlatform, env: NodeJS.ProcessEnv): string {
  const override = env[`METEOR_CORDOVA_COMPAT_VERSION_${platform.toUpperCase()}`];
  if (override !== undefined && override !== '') return override;
  const plugins = { [WEBAPP_PLUGIN.id]: WEBAPP_PLUGIN.version };
  return createHash('sha1')
    .update(JSON.stringify({ platform, version: CORDOVA_PLATFORM_VERSIONS[platform], plugins }))
    .digest('hex');
}

export function cordovaCompatibilityVersions(env: NodeJS.ProcessEnv): CordovaCompatibilityVersions {
  return { android: cordovaCompatibilityVersion('android', env), ios: cordovaCompatibilityVersion('ios', env) };
}

/**
 * The URLs the web.cordova program talks to: `serverUrl` (`--server`, `--mobile-server`, or the
 * serving server's ROOT_URL), or `MOBILE_ROOT_URL` / `MOBILE_DDP_URL` when set. They are written
 * into a page every phone downloads, so userinfo (`user:pass@`) never goes in.
 */
export function mobileServerUrls(serverUrl: string, env: NodeJS.ProcessEnv): { rootUrl: string; ddpUrl: string } {
  const server = serverUrl.replace(/\/$/, '');
  const pick = (name: string): string => withoutUserinfo((env[name] ?? '') !== '' ? (env[name] as string) : server).replace(/\/$/, '');
  return { rootUrl: pick('MOBILE_ROOT_URL'), ddpUrl: pick('MOBILE_DDP_URL') };
}

export interface CordovaProgramOptions {
  /** The built client (Vite output with page.json); its `assets/` are the program's code. */
  readonly clientDir: string;
  readonly publicDir: string;
  readonly page: BuiltClientPage;
  readonly rootUrl: string;
  readonly ddpUrl: string;
  readonly publicSettings: Readonly<Record<string, unknown>>;
  readonly appId: string;
  readonly compatibility: CordovaCompatibilityVersions;
  /** AUTOUPDATE_VERSION. */
  readonly pinnedVersion?: string | undefined;
}

export interface CordovaProgram {
  readonly files: readonly ClientProgramFile[];
  readonly versions: ClientVersions;
  readonly manifest: CordovaManifest;
  readonly runtime: RuntimeConfig;
  renderIndex(nonce: string): string;
}

/** The parts of the page that reach a client besides its files. */
export function pageParts(page: BuiltClientPage): {
  head: string;
  body: string;
  bodyAttributes: string;
  scripts: readonly string[];
  stylesheets: readonly string[];
} {
  return { head: page.head, body: page.body, bodyAttributes: page.bodyAttributes, scripts: page.scripts, stylesheets: page.stylesheets };
}

/**
 * What of the page goes into the non-refreshable version: everything but the stylesheet links,
 * whose URLs change with the CSS alone (the refreshable version follows the CSS files, and a
 * CSS-only change swaps those links in place).
 */
export function versionedPageParts(page: BuiltClientPage): { head: string; body: string; bodyAttributes: string; scripts: readonly string[] } {
  return { head: page.head, body: page.body, bodyAttributes: page.bodyAttributes, scripts: page.scripts };
}

export function programFiles(clientDir: string, publicDir: string): ClientProgramFile[] {
  return readClientFiles([
    { dir: join(clientDir, 'assets'), urlPrefix: '/assets', cacheable: true },
    { dir: publicDir, urlPrefix: '/', cacheable: false },
  ]);
}

export function cordovaProgram(options: CordovaProgramOptions): CordovaProgram {
  const files = programFiles(options.clientDir, options.publicDir);
  const parts = pageParts(options.page);
  const versions = programVersions('web.cordova', files, versionedPageParts(options.page), options.publicSettings, options.pinnedVersion);
  const runtime: RuntimeConfig = {
    ROOT_URL: options.rootUrl,
    DDP_DEFAULT_CONNECTION_URL: options.ddpUrl,
    PUBLIC_SETTINGS: options.publicSettings,
    NODE_ENV: 'production',
    TEST_MODE: false,
    CLIENT_VERSION: versions.version,
    appId: options.appId,
    autoupdateVersionCordova: versions.version,
    autoupdate: { versions: { 'web.cordova': versions } },
  };
  return {
    files,
    versions,
    manifest: cordovaManifest(files, versions.version, options.compatibility),
    runtime,
    renderIndex: (nonce) =>
      renderBoilerplate(
        {
          ...parts,
          // The plugin serves cordova.js; as a classic script it runs before the deferred module
          // scripts, so `deviceready` has its listener machinery in place first.
          headExtra: '<script src="/cordova.js"></script>',
        },
        runtime,
        nonce,
        'uri',
      ),
  };
}
