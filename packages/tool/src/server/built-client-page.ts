import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `page.json` written by `meteor build` next to the client assets: how to render the page. */
export interface BuiltClientPage {
  readonly head: string;
  readonly body: string;
  readonly bodyAttributes: string;
  readonly scripts: readonly string[];
  readonly stylesheets: readonly string[];
  readonly clientVersion: string;
  /** `.meteor/.id` at build time: the Cordova program served by this bundle carries it. */
  readonly appId?: string;
  /** The native code the build's Cordova program needs, per platform (see cordova-program). */
  readonly cordovaCompatibilityVersions?: { readonly android: string; readonly ios: string };
}

export const BUILT_PAGE_FILE = 'page.json';
/** The app-shell service worker of a `web.browser` build (beside page.json, outside the served assets). */
export const APP_SHELL_WORKER_FILE = 'app-shell-worker.js';

export function readBuiltClientPage(dir: string): BuiltClientPage {
  const raw: unknown = JSON.parse(readFileSync(join(dir, BUILT_PAGE_FILE), 'utf8'));
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const s = (k: string): string => (typeof r[k] === 'string' ? (r[k] as string) : '');
  const list = (k: string): string[] => (Array.isArray(r[k]) ? (r[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  const compat = (
    typeof r['cordovaCompatibilityVersions'] === 'object' && r['cordovaCompatibilityVersions'] !== null ? r['cordovaCompatibilityVersions'] : {}
  ) as Record<string, unknown>;
  return {
    head: s('head'),
    body: s('body'),
    bodyAttributes: s('bodyAttributes'),
    scripts: list('scripts'),
    stylesheets: list('stylesheets'),
    clientVersion: s('clientVersion') || 'unknown',
    ...(s('appId') === '' ? {} : { appId: s('appId') }),
    ...(typeof compat['android'] === 'string' && typeof compat['ios'] === 'string'
      ? { cordovaCompatibilityVersions: { android: compat['android'], ios: compat['ios'] } }
      : {}),
  };
}
