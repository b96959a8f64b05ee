/**
 * The page's side of the app shell: registers the server's service worker (`/__perseid/sw.js`,
 * scope `/`) when the app asked for it (`AppShell.enable()`) and the server has one (a
 * production client build says so in `__meteor_runtime_config__.appShellWorker`). Anything else
 * (`meteor run`'s development client, an app that no longer asks) unregisters a worker left by
 * an earlier production run and drops its caches, so a development page is never served by it.
 * Cordova never registers: cordova-plugin-meteor-webapp keeps its versions on the device.
 */
import { APP_SHELL_CACHE_PREFIX, APP_SHELL_WORKER_PATH } from '@perseid/webapp/app-shell-requests';

export type AppShellAction = { readonly kind: 'register'; readonly worker: string } | { readonly kind: 'unregister' } | { readonly kind: 'none' };

export interface AppShellSituation {
  /** `AppShell.enable()` was called. */
  readonly wanted: boolean;
  /** The worker the server offers (`appShellWorker` of the runtime config), if any. */
  readonly worker: unknown;
  readonly isCordova: boolean;
  /** The browser has service workers (a secure context: https, localhost or 127.0.0.1). */
  readonly supported: boolean;
}

export function appShellAction(situation: AppShellSituation): AppShellAction {
  if (situation.isCordova || !situation.supported) return { kind: 'none' };
  if (situation.wanted && situation.worker === APP_SHELL_WORKER_PATH) return { kind: 'register', worker: APP_SHELL_WORKER_PATH };
  return { kind: 'unregister' };
}

/** Whether a registration is the app shell's (by its script's path; an app's own workers are left alone). */
export function isAppShellScript(scriptUrl: string | undefined): boolean {
  if (scriptUrl === undefined) return false;
  try {
    return new URL(scriptUrl).pathname === APP_SHELL_WORKER_PATH;
  } catch {
    return false;
  }
}

export interface AppShellBrowser {
  readonly serviceWorker: Pick<ServiceWorkerContainer, 'register' | 'getRegistrations'>;
  readonly caches: Pick<CacheStorage, 'keys' | 'delete'> | undefined;
  readonly debug: (message: string, ...rest: unknown[]) => void;
}

/** Carries out the action; never throws (an app shell that cannot be set up leaves the page online-only). */
export async function applyAppShellAction(action: AppShellAction, browser: AppShellBrowser): Promise<void> {
  try {
    switch (action.kind) {
      case 'none':
        return;
      case 'register':
        // updateViaCache 'none': the browser's update check always asks the server for the script.
        await browser.serviceWorker.register(action.worker, { scope: '/', updateViaCache: 'none' });
        return;
      case 'unregister': {
        for (const registration of await browser.serviceWorker.getRegistrations()) {
          const worker = registration.active ?? registration.waiting ?? registration.installing;
          if (isAppShellScript(worker?.scriptURL)) await registration.unregister();
        }
        for (const name of (await browser.caches?.keys()) ?? []) {
          if (name.startsWith(APP_SHELL_CACHE_PREFIX)) await browser.caches?.delete(name);
        }
        return;
      }
      default:
        action satisfies never;
    }
  } catch (error) {
    // Offline, a registration's update check fails: the installed worker stays and serves.
    browser.debug(`app shell: ${action.kind} failed:`, error);
  }
}
