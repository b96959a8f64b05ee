import { CLIENT_ARCH } from '#client-arch';
import { createMeteorRuntime } from './meteor';
import { readClientConfig, readServerConfig, type RuntimeConfig } from './runtime-config';
import type { LocalStorageLike } from './local-storage';
import type { DocumentLike } from './startup-queue';
import { platformTimerHost } from './timers';

interface PlatformGlobals {
  window?: unknown;
  document?: DocumentLike;
  location?: { protocol?: string; origin?: string };
  __meteor_runtime_config__?: unknown;
  process?: { env: Record<string, string | undefined> };
  localStorage?: LocalStorageLike;
}

const platform = globalThis as PlatformGlobals;

/** A page with a DOM is the client; everything else (Node, workers without DOM) is the server. */
function detectConfig(): RuntimeConfig {
  if (platform.window !== undefined && platform.document !== undefined) {
    return readClientConfig(platform.__meteor_runtime_config__, platform.location, CLIENT_ARCH);
  }
  return readServerConfig(platform.process?.env ?? {});
}

const config = detectConfig();

/** The process-wide Meteor runtime, configured from the real environment. */
export const defaultRuntime = createMeteorRuntime({
  config,
  timers: platformTimerHost(),
  document: config.side === 'client' ? platform.document : undefined,
  localStorage: config.side === 'client' ? pageLocalStorage() : undefined,
});

/** Reading `localStorage` itself throws where storage is disabled (Meteor's localstorage package guards it too). */
function pageLocalStorage(): LocalStorageLike | undefined {
  try {
    return platform.localStorage;
  } catch {
    return undefined;
  }
}

export const Meteor = defaultRuntime.Meteor;

/** Runs the queued server `Meteor.startup` callbacks, in order; called once by the boot. */
export function runStartupHooks(): Promise<void> {
  return defaultRuntime.runStartupHooks();
}

/** Lets app code write `Meteor.Error` as a type (`catch (e) { const err = e as Meteor.Error }`). */
export declare namespace Meteor {
  type Error = import('./meteor-error').MeteorError;
}
