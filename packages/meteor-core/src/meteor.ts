import { createAbsoluteUrl, type AbsoluteUrl } from './absolute-url';
import { bindEnvironment } from './bind-environment';
import { debug, suppressLog } from './debug';
import { EnvironmentVariable } from './environment-variable';
import { createLocalStorage, type LocalStorageLike } from './local-storage';
import { MeteorError } from './meteor-error';
import type { MeteorSettings, RuntimeConfig } from './runtime-config';
import { StartupQueue, whenDeviceReady, whenDomReady, type DocumentLike, type StartupCallback } from './startup-queue';
import { createTimers, type TimerHost } from './timers';

/** The `Meteor` base object; the facade adds the side's DDP API (`call`, `subscribe`, …). */
export interface MeteorCore<Handle> {
  readonly isClient: boolean;
  readonly isServer: boolean;
  readonly isCordova: boolean;
  readonly isDevelopment: boolean;
  readonly isProduction: boolean;
  /** `meteor test` (unit mode). */
  readonly isTest: boolean;
  /** `meteor test --full-app`. */
  readonly isAppTest: boolean;
  readonly isPackageTest: false;
  readonly isModern: true;
  /** Meteor 3 semantics: no Fibers, async APIs on the server. */
  readonly isFibersDisabled: true;
  readonly release: string | undefined;
  readonly gitCommitHash: string | undefined;
  settings: MeteorSettings;
  startup(callback: StartupCallback): void;
  absoluteUrl: AbsoluteUrl;
  Error: typeof MeteorError;
  EnvironmentVariable: typeof EnvironmentVariable;
  bindEnvironment: typeof bindEnvironment;
  defer(fn: () => unknown): void;
  setTimeout(fn: () => unknown, delay?: number): Handle;
  setInterval(fn: () => unknown, delay?: number): Handle;
  clearTimeout(handle: Handle): void;
  clearInterval(handle: Handle): void;
  _debug: typeof debug;
  _suppress_log: typeof suppressLog;
  /** Meteor's localstorage package (see local-storage.ts). */
  _localStorage: LocalStorageLike;
}

export interface MeteorRuntimeDeps<Handle> {
  config: RuntimeConfig;
  timers: TimerHost<Handle>;
  /** Client only: when absent the DOM counts as ready. */
  document?: DocumentLike | undefined;
  /** Client only: the page's localStorage behind `Meteor._localStorage` (absent or broken: memory). */
  localStorage?: LocalStorageLike | undefined;
}

export interface MeteorRuntime<Handle> {
  Meteor: MeteorCore<Handle>;
  /** Runs the queued `Meteor.startup` callbacks (the server boot calls this once). */
  runStartupHooks(): Promise<void>;
}

/** Builds a `Meteor` object over explicit configuration, timers and document (tests use this). */
export function createMeteorRuntime<Handle>(deps: MeteorRuntimeDeps<Handle>): MeteorRuntime<Handle> {
  const { config } = deps;
  const isClient = config.side === 'client';
  const startup = new StartupQueue({ failFast: !isClient });
  if (isClient) (config.isCordova ? whenDeviceReady : whenDomReady)(deps.document, () => void startup.run());
  const timers = createTimers(deps.timers);
  const Meteor: MeteorCore<Handle> = {
    isClient,
    isServer: !isClient,
    isCordova: config.isCordova,
    isDevelopment: config.nodeEnv !== 'production',
    isProduction: config.nodeEnv === 'production',
    isTest: config.testMode === 'unit',
    isAppTest: config.testMode === 'full-app',
    isPackageTest: false,
    isModern: true,
    isFibersDisabled: true,
    release: config.release,
    gitCommitHash: config.gitCommitHash,
    settings: config.settings,
    startup: (callback) => startup.add(callback),
    absoluteUrl: createAbsoluteUrl({ rootUrl: config.rootUrl, secure: config.secure }),
    Error: MeteorError,
    EnvironmentVariable,
    bindEnvironment,
    defer: timers.defer,
    setTimeout: timers.setTimeout,
    setInterval: timers.setInterval,
    clearTimeout: timers.clearTimeout,
    clearInterval: timers.clearInterval,
    _debug: debug,
    _suppress_log: suppressLog,
    _localStorage: createLocalStorage(isClient ? deps.localStorage : undefined, '_localstorage_test_perseid'),
  };
  return { Meteor, runStartupHooks: () => startup.run() };
}
