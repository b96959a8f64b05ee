/**
 * How a migrating reload leaves the page once every provider agreed. In a browser: a fresh load
 * of the page. On Cordova, as Meteor's reload does, the hot code push plugin first makes the
 * downloaded version current (`switchToPendingVersion`), and only at this moment: switching
 * before the providers agreed would have the plugin serve the new version's files to the old
 * page while it waits (an outstanding method, an unsaved draft), and a chunk the old page loads
 * lazily would then be missing or of another build.
 */
export interface PendingVersionSwitch {
  switchToPendingVersion(callback: () => void, errorCallback?: (error: unknown) => void): void;
}

export interface PageNavigationDeps {
  /** The program runs inside Cordova (`Meteor.isCordova`, fixed per build). */
  readonly isCordova: boolean;
  /** `window.WebAppLocalServer`, cordova-plugin-meteor-webapp's JavaScript interface, if any. */
  readonly plugin: () => unknown;
  /** A fresh load of the page (on Cordova, of whatever version the plugin now serves). */
  readonly reloadPage: () => void;
  readonly debug: (message: string, ...rest: unknown[]) => void;
}

function canSwitch(value: unknown): value is PendingVersionSwitch {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)['switchToPendingVersion'] === 'function';
}

export function pageNavigation(deps: PageNavigationDeps): () => void {
  return () => {
    const plugin = deps.isCordova ? deps.plugin() : undefined;
    if (!canSwitch(plugin)) {
      deps.reloadPage();
      return;
    }
    plugin.switchToPendingVersion(
      () => deps.reloadPage(),
      (error) => {
        // No version pending: the reload was asked for by the app itself, not by hot code push.
        deps.debug('No pending version to switch to; reloading the current one.', error);
        deps.reloadPage();
      },
    );
  };
}
