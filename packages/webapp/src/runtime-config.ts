import type { ClientVersions } from './client-program';

/**
 * `__meteor_runtime_config__`: what the server tells the client at page load. Only the
 * `public` part of the settings is ever copied here; private settings stay on the server.
 */
export interface RuntimeConfig {
  readonly ROOT_URL: string;
  readonly DDP_DEFAULT_CONNECTION_URL: string;
  readonly PUBLIC_SETTINGS: Readonly<Record<string, unknown>>;
  readonly NODE_ENV: string;
  readonly TEST_MODE: 'unit' | 'full-app' | false;
  readonly CLIENT_VERSION: string;
  /** Meteor's `autoupdate.versions[arch]`: the versions of the client this page runs. */
  readonly autoupdate?: { readonly versions: Readonly<Record<string, ClientVersions>> };
  /** The app id (`.meteor/.id`); the Cordova plugin refuses a bundle of another app. */
  readonly appId?: string;
  /** The Cordova program's version; the plugin checks a downloaded index.html against it. */
  readonly autoupdateVersionCordova?: string;
  /** The app-shell service worker's URL, when this server has one (production client builds). */
  readonly appShellWorker?: string;
}

export interface RuntimeConfigInput {
  readonly rootUrl: string;
  /** The whole `Meteor.settings`; only its `public` key is used. */
  readonly settings: unknown;
  readonly nodeEnv: string;
  readonly testMode: 'unit' | 'full-app' | false;
  readonly clientVersion: string;
  /** The web.browser program's versions, when the server knows them. */
  readonly versions?: ClientVersions;
  readonly appId?: string;
  readonly appShellWorker?: string;
}

export function buildRuntimeConfig(input: RuntimeConfigInput): RuntimeConfig {
  const rootUrl = withoutUserinfo(input.rootUrl);
  return {
    ROOT_URL: rootUrl,
    DDP_DEFAULT_CONNECTION_URL: rootUrl,
    PUBLIC_SETTINGS: publicSettingsOf(input.settings),
    NODE_ENV: input.nodeEnv,
    TEST_MODE: input.testMode,
    CLIENT_VERSION: input.clientVersion,
    ...(input.versions === undefined ? {} : { autoupdate: { versions: { 'web.browser': input.versions } } }),
    ...(input.appId === undefined ? {} : { appId: input.appId }),
    ...(input.appShellWorker === undefined ? {} : { appShellWorker: input.appShellWorker }),
  };
}

/**
 * Userinfo of an absolute URL (up to the authority's last `@`, so an unencoded `@` in a password
 * goes too). A `ROOT_URL` may carry credentials for the server's own use (a proxy's basic auth);
 * the config goes to every browser, which needs the origin only.
 */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i;

export function withoutUserinfo(url: string): string {
  return url.replace(USERINFO, '$1');
}

/** The `public` object of a settings value, or `{}` when there is none. */
export function publicSettingsOf(settings: unknown): Readonly<Record<string, unknown>> {
  if (typeof settings !== 'object' || settings === null) return {};
  const pub = (settings as Record<string, unknown>)['public'];
  return typeof pub === 'object' && pub !== null && !Array.isArray(pub) ? (pub as Record<string, unknown>) : {};
}

/**
 * The config as a JavaScript statement safe to inline in a `<script>`: JSON with `<`, `>`,
 * `&` and the JS line separators escaped, so no settings value can close the script element.
 */
export function runtimeConfigScript(config: RuntimeConfig): string {
  const json = JSON.stringify(config)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `globalThis.__meteor_runtime_config__ = ${json};`;
}

/**
 * The config in Meteor's Cordova form, `__meteor_runtime_config__ = JSON.parse(decodeURIComponent("…"))`:
 * cordova-plugin-meteor-webapp reads ROOT_URL, appId and autoupdateVersionCordova out of
 * index.html with exactly this pattern (Android and iOS alike); another form leaves the plugin
 * without a root URL, so it can never check for updates. encodeURIComponent leaves no quote,
 * `<` or `+` (Android's URL decoder reads `+` as a space) in the literal.
 */
export function cordovaRuntimeConfigScript(config: RuntimeConfig): string {
  return `globalThis.__meteor_runtime_config__ = JSON.parse(decodeURIComponent("${encodeURIComponent(JSON.stringify(config))}"));`;
}
