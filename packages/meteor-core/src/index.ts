import './install-server-backend';

export { Meteor, runStartupHooks } from './default-runtime';
export { createMeteorRuntime, type MeteorCore, type MeteorRuntime, type MeteorRuntimeDeps } from './meteor';
export { MeteorError, isClientSafeError, type MeteorErrorCode, type ClientSafeErrorLike } from './meteor-error';
export { MeteorCoreError, type MeteorCoreErrorCode } from './meteor-core-error';
export { EnvironmentVariable } from './environment-variable';
export { bindEnvironment, type ExceptionHandler } from './bind-environment';
export {
  setEnvironmentBackend,
  createSyncEnvironmentBackend,
  type EnvironmentBackend,
  type EnvironmentStore,
} from './environment-backend';
export { debug as _debug, setDebugSink, suppressLog, type DebugSink } from './debug';
export { createTimers, type TimerHost, type MeteorTimers } from './timers';
export { createAbsoluteUrl, type AbsoluteUrl, type AbsoluteUrlOptions } from './absolute-url';
export { readClientConfig, readServerConfig, type RuntimeConfig, type MeteorSettings, type Side, type TestMode } from './runtime-config';
export { StartupQueue, type StartupCallback, type DocumentLike } from './startup-queue';
export type { ClientArch } from './client-arch';
export type { LocalStorageLike } from './local-storage';
export { Log, createLog, formatLogRecord, type LogApi, type LogDeps, type LogLevel, type LogOutputFormat, type LogRecord } from './log';
