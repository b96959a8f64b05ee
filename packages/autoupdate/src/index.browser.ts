/**
 * @perseid/autoupdate in the browser and on Cordova: starts following the published client
 * versions when imported (the app entry imports it for `meteor-base`, as Meteor's hot-code-push
 * does). `Autoupdate.newClientAvailable()` as in Meteor.
 */
import { clientMeteorApi } from '@perseid/ddp-client';
import { _debug, Meteor } from '@perseid/meteor-core';
import { ClientCollection } from '@perseid/mongo';
import { Reload } from '@perseid/reload';
import type { AutoupdateClient } from './autoupdate-client';
import { createAutoupdateClient } from './autoupdate-client';
import type { RunningVersions } from './client-version-decision';
import { CLIENT_VERSIONS_COLLECTION } from './client-version-decision';
import { swapStylesheets } from './stylesheet-swap';
import { appShellAction, applyAppShellAction } from './app-shell-registration';

export { CLIENT_VERSIONS_COLLECTION, browserUpdate, parsePublishedVersions } from './client-version-decision';
export type { BrowserUpdate, PublishedVersions, RunningVersions } from './client-version-decision';
export { isWebAppLocalServer, startCordovaUpdates } from './cordova-updates';
export type { CordovaUpdates, WebAppLocalServerApi } from './cordova-updates';
export { createAutoupdateClient } from './autoupdate-client';
export type { AutoupdateClient, AutoupdateClientDeps } from './autoupdate-client';
export { appShellAction, applyAppShellAction, isAppShellScript } from './app-shell-registration';
export type { AppShellAction, AppShellBrowser, AppShellSituation } from './app-shell-registration';

interface PageConfig {
  readonly appId?: unknown;
  readonly appShellWorker?: unknown;
  readonly autoupdate?: { readonly versions?: Record<string, unknown> };
}

function runningVersions(config: PageConfig, arch: string): RunningVersions | undefined {
  const v = config.autoupdate?.versions?.[arch];
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  const { version, versionRefreshable, versionNonRefreshable } = r;
  if (typeof version !== 'string' || typeof versionRefreshable !== 'string' || typeof versionNonRefreshable !== 'string') return undefined;
  return { version, versionRefreshable, versionNonRefreshable };
}

const config = ((globalThis as { __meteor_runtime_config__?: PageConfig }).__meteor_runtime_config__ ?? {}) as PageConfig;
// The program this bundle was built as (meteor-core's #client-arch), never a page's claim.
const arch = Meteor.isCordova ? 'web.cordova' : 'web.browser';

/** The published versions, one document per client arch. */
const ClientVersions = new ClientCollection<{ _id: string }>(CLIENT_VERSIONS_COLLECTION);

const client: AutoupdateClient = createAutoupdateClient({
  arch,
  running: runningVersions(config, arch),
  appId: typeof config.appId === 'string' ? config.appId : undefined,
  subscribe: (name, args, onError) =>
    clientMeteorApi.subscribe(name, ...args, {
      onStop: (error?: unknown) => {
        if (error !== undefined) onError(error);
      },
    }),
  observe: (callback) =>
    ClientVersions.find({}).observe({
      added: (doc: { _id: string }) => callback(doc._id, doc),
      changed: (doc: { _id: string }) => callback(doc._id, doc),
    }),
  reload: () => Reload._reload(),
  swapStylesheets: (urls) => swapStylesheets(document, urls),
  plugin: () => (globalThis as { WebAppLocalServer?: unknown }).WebAppLocalServer,
  startup: (callback) => Meteor.startup(callback),
  setTimeout: (fn, ms) => void setTimeout(fn, ms),
  debug: (message, ...rest) => _debug(message, ...rest),
});

export const Autoupdate = {
  newClientAvailable: (): boolean => client.newClientAvailable(),
};

let appShellWanted = false;

/**
 * The app shell (a service worker serving the built client, so a reload without any network
 * opens the app): `AppShell.enable()` from client code, before or during `Meteor.startup`. It
 * follows hot code push: the worker caches the version the server publishes, a new deploy
 * replaces it, and a page it served offline reloads onto a newer version once it connects.
 */
export const AppShell = {
  enable(): void {
    appShellWanted = true;
  },
};

/** Called by the generated app entry after the app's main module evaluated without throwing. */
export function appEntryLoaded(): void {
  client.appEntryLoaded();
  // After the app's own startup callbacks (which may enable the app shell), and after the page's
  // load, so installing the worker does not compete with the page for the network.
  Meteor.startup(() => {
    const action = appShellAction({
      wanted: appShellWanted,
      worker: config.appShellWorker,
      isCordova: Meteor.isCordova,
      supported: 'serviceWorker' in navigator,
    });
    if (action.kind === 'none') return;
    const apply = (): void =>
      void applyAppShellAction(action, {
        serviceWorker: navigator.serviceWorker,
        caches: globalThis.caches,
        debug: (message, ...rest) => _debug(message, ...rest),
      });
    if (document.readyState === 'complete') apply();
    else window.addEventListener('load', apply, { once: true });
  });
}
