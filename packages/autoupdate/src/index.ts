/**
 * @perseid/autoupdate on the server: publishes `meteor_autoupdate_clientVersions` from
 * WebApp's client versions when imported (`meteor-base` loads it before the app, as Meteor's
 * hot-code-push does).
 */
import { publish } from '@perseid/ddp-server';
import { WebApp } from '@perseid/webapp';
import { clientVersionsHandler } from './publish-client-versions';
import { CLIENT_VERSIONS_COLLECTION } from './client-version-decision';

export { CLIENT_VERSIONS_COLLECTION, browserUpdate, parsePublishedVersions } from './client-version-decision';
export type { BrowserUpdate, PublishedVersions, RunningVersions } from './client-version-decision';
export { isWebAppLocalServer, startCordovaUpdates } from './cordova-updates';
export type { CordovaUpdates, WebAppLocalServerApi } from './cordova-updates';
export { createAutoupdateClient } from './autoupdate-client';
export type { AutoupdateClient, AutoupdateClientDeps } from './autoupdate-client';

/** The app id the published versions belong to (mobile apps of another app get nothing). */
const appId = (): string | undefined => {
  const fromEnv = process.env['APP_ID'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined;
};

publish(CLIENT_VERSIONS_COLLECTION, clientVersionsHandler(WebApp, appId) as Parameters<typeof publish>[1]);

export const Autoupdate = {
  /** Server side there is no running client; kept so isomorphic code can call it. */
  newClientAvailable: (): boolean => false,
};

/** The app shell is a browser's; kept so isomorphic code can call it. */
export const AppShell = {
  enable(): void {
    // Intentionally empty: the server serves the worker; only a page registers it.
  },
};

/** The browser entry's hook; nothing to do on the server. */
export function appEntryLoaded(): void {
  // Intentionally empty: only a client page has startup to report.
}
