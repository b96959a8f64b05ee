/**
 * The Cordova side of hot code push, through cordova-plugin-meteor-webapp's JavaScript
 * interface (`window.WebAppLocalServer`). The plugin downloads and verifies a new version when
 * asked (`checkForUpdates`), says when it is ready (`onNewVersionReady`), makes it current on
 * `switchToPendingVersion`, and reverts a version whose page never calls `startupDidComplete`
 * within its startup timeout, never trying that version again. A ready version is reached
 * through the migrating reload, which switches to it only once every `Reload._onMigrate`
 * provider agreed (@perseid/reload's page navigation), as Meteor's autoupdate does.
 */
export interface WebAppLocalServerApi {
  startupDidComplete(callback?: () => void): void;
  checkForUpdates(callback?: () => void): void;
  onNewVersionReady(callback: (version?: string) => void): void;
  switchToPendingVersion(callback: () => void, errorCallback?: (error: unknown) => void): void;
  onError(callback: (error: Error) => void): void;
}

export function isWebAppLocalServer(value: unknown): value is WebAppLocalServerApi {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return ['startupDidComplete', 'checkForUpdates', 'onNewVersionReady', 'switchToPendingVersion', 'onError'].every((k) => typeof r[k] === 'function');
}

type CordovaUpdateState = 'current' | 'downloading' | 'reloading';

export interface CordovaUpdates {
  /** The server published `version` for web.cordova. */
  published(version: string): void;
  readonly state: CordovaUpdateState;
}

/**
 * `reload` is the migrating reload (`Reload._reload`): it waits for the providers, then has the
 * plugin switch to the pending version and reloads into it.
 */
export function startCordovaUpdates(
  plugin: WebAppLocalServerApi,
  runningVersion: string,
  reload: () => void,
  debug: (message: string, ...rest: unknown[]) => void,
): CordovaUpdates {
  let state: CordovaUpdateState = 'current';
  let requested: string | undefined;
  plugin.onNewVersionReady(() => {
    if (state === 'reloading') return;
    state = 'reloading';
    reload();
  });
  plugin.onError((error) => {
    if (state === 'downloading') state = 'current';
    requested = undefined;
    debug('Hot code push failed', error);
  });
  return {
    published(version) {
      // A newer version published mid-download replaces the download (the plugin cancels it).
      if (version === runningVersion || version === requested || state === 'reloading') return;
      state = 'downloading';
      requested = version;
      plugin.checkForUpdates();
    },
    get state() {
      return state;
    },
  };
}
