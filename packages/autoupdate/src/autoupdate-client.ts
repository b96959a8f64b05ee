/**
 * The client half of autoupdate: subscribes to `meteor_autoupdate_clientVersions` and follows
 * its arch's document. Browser: reload (through Reload's migration) on a new non-refreshable
 * version, swap stylesheets on a CSS-only one. Cordova: hand the new version to the native
 * plugin, then reload through Reload's migration, which switches to it last. The app's entry calls `appEntryLoaded()` after its main module
 * evaluated; the plugin hears `startupDidComplete` only once every `Meteor.startup` callback
 * registered by then has run, so a broken bundle is rolled back by the plugin's startup timeout.
 */
import type { BrowserUpdate, PublishedVersions, RunningVersions } from './client-version-decision';
import { browserUpdate, CLIENT_VERSIONS_COLLECTION, parsePublishedVersions } from './client-version-decision';
import type { CordovaUpdates, WebAppLocalServerApi } from './cordova-updates';
import { isWebAppLocalServer, startCordovaUpdates } from './cordova-updates';

export interface VersionsObserver {
  stop(): void;
}

export interface AutoupdateClientDeps {
  readonly arch: 'web.browser' | 'web.cordova';
  /** This page's versions (`__meteor_runtime_config__.autoupdate.versions[arch]`). */
  readonly running: RunningVersions | undefined;
  readonly appId: string | undefined;
  readonly subscribe: (name: string, args: readonly unknown[], onError: (error: unknown) => void) => { stop(): void };
  /** Calls back with each added or changed document of the versions collection. */
  readonly observe: (callback: (id: string, fields: unknown) => void) => VersionsObserver;
  readonly reload: () => void;
  readonly swapStylesheets: (urls: readonly string[]) => Promise<void>;
  readonly plugin: () => unknown;
  readonly startup: (callback: () => void) => void;
  readonly setTimeout: (fn: () => void, ms: number) => void;
  readonly debug: (message: string, ...rest: unknown[]) => void;
}

type EntryState = 'loading' | 'loaded' | 'started';

export interface AutoupdateClient {
  /** A newer version than this page's is published (Meteor's `Autoupdate.newClientAvailable`). */
  newClientAvailable(): boolean;
  appEntryLoaded(): void;
  readonly entryState: EntryState;
}

const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 5 * 60_000;

export function createAutoupdateClient(deps: AutoupdateClientDeps): AutoupdateClient {
  let running = deps.running;
  let latest: PublishedVersions | undefined;
  let entryState: EntryState = 'loading';
  let cordova: CordovaUpdates | undefined;
  let plugin: WebAppLocalServerApi | undefined;
  let failures = 0;

  const apply = (update: BrowserUpdate, published: PublishedVersions): void => {
    if (running === undefined) return;
    switch (update.kind) {
      case 'none':
        return;
      case 'reload':
        deps.reload();
        return;
      case 'stylesheets':
        running = { ...running, versionRefreshable: published.versionRefreshable };
        void deps.swapStylesheets(update.urls);
        return;
      default:
        update satisfies never;
    }
  };

  const onDocument = (id: string, fields: unknown): void => {
    if (id !== deps.arch) return;
    const published = parsePublishedVersions(id, fields);
    if (published === undefined) return;
    latest = published;
    if (deps.arch === 'web.cordova') cordova?.published(published.version);
    else apply(running === undefined ? { kind: 'none' } : browserUpdate(running, published), published);
  };

  const subscribe = (): void => {
    deps.subscribe(CLIENT_VERSIONS_COLLECTION, deps.appId === undefined ? [] : [deps.appId], (error) => {
      failures += 1;
      deps.debug('autoupdate subscription failed:', error);
      // Retrying the subscription, never reloading: a reload loop is worse than a stale page.
      deps.setTimeout(subscribe, Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (failures - 1)));
    });
  };

  deps.startup(() => {
    if (deps.arch === 'web.cordova') {
      const candidate = deps.plugin();
      if (isWebAppLocalServer(candidate)) {
        plugin = candidate;
        cordova = startCordovaUpdates(plugin, running?.version ?? 'unknown', deps.reload, deps.debug);
      } else {
        deps.debug('cordova-plugin-meteor-webapp is missing (no WebAppLocalServer): hot code push is off.');
      }
    }
    deps.observe(onDocument);
    subscribe();
  });

  return {
    newClientAvailable() {
      if (latest === undefined || running === undefined) return false;
      return latest.version !== running.version;
    },
    appEntryLoaded() {
      if (entryState !== 'loading') return;
      entryState = 'loaded';
      // Registered after the app's own startup callbacks, so it runs after all of them.
      deps.startup(() => {
        entryState = 'started';
        plugin?.startupDidComplete();
      });
    },
    get entryState() {
      return entryState;
    },
  };
}
