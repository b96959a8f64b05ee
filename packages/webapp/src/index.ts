/**
 * @perseid/webapp: Meteor's WebApp on Express 5. `WebApp` is the process-wide instance the
 * boot configures and app code extends (`WebApp.handlers.get('/api/x', ...)`).
 */
import { createWebApp } from './web-app';

export { createWebApp, HEALTH_PATH } from './web-app';
export type { WebAppServer, WebAppPageOptions, CreateWebAppOptions, ClientVersionRecord } from './web-app';
export { renderBoilerplate } from './boilerplate';
export { createServerSink, insertIntoElementById } from './page-sink';
export type { PageLoadCallback, ServerSink, SinkOutcome } from './page-sink';
export type { BoilerplateParts, RuntimeConfigEncoding } from './boilerplate';
export { buildRuntimeConfig, cordovaRuntimeConfigScript, publicSettingsOf, runtimeConfigScript, withoutUserinfo } from './runtime-config';
export { calculateClientVersions, cordovaManifest, programVersions, readClientFiles, sha1 } from './client-program';
export type {
  ClientArch,
  ClientFileSource,
  ClientFileType,
  ClientProgramFile,
  ClientVersions,
  CordovaCompatibilityVersions,
  CordovaManifest,
  CordovaManifestEntry,
} from './client-program';
export { CORDOVA_PREFIX, cordovaRoutes } from './cordova-routes';
export type { CordovaServing } from './cordova-routes';
export type { RuntimeConfig, RuntimeConfigInput } from './runtime-config';
export { DEFAULT_CSP } from './security-headers';
export { appShellManifest, appShellWorkerScript } from './app-shell-route';
export type { AppShellServing } from './app-shell-route';
export { APP_SHELL_WORKER_PATH } from './app-shell-requests';
export type { AppShellManifest } from './app-shell-requests';
export { contentSecurityPolicyFor, staticHtmlAllowances, withAllowances } from './content-security-policy';
export type { CspAllowances } from './content-security-policy';
export type { DatabaseProbe, DatabaseState, HealthReport, HealthStatus, HealthCheck, HealthCheckResult, ServingState } from './health';
export { sendError } from './error-responses';
export { jsonBody, DEFAULT_JSON_BODY_BYTES, DEFAULT_JSON_BODY_DEPTH } from './json-body';
export type { JsonBodyOptions } from './json-body';

export const WebApp = createWebApp();
/** Meteor's internal name for the same object, kept for code that uses it. */
export const WebAppInternals = WebApp;
