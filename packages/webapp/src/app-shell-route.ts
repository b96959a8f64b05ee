/**
 * `GET /__perseid/sw.js`: the app-shell service worker of the client version this server
 * serves, for production client builds only (under `meteor run` the page follows Vite's HMR
 * and there is no worker: 404). The script is the build's worker code behind the manifest of
 * this version, so its bytes change exactly when the version or its files do, which is what
 * makes the browser install the new version. Never cached by HTTP (the browser's update check
 * must reach the server); `Service-Worker-Allowed: /` lets a script under `/__perseid/`
 * control the whole origin.
 */
import type { RequestHandler } from 'express';
import type { AppShellManifest } from './app-shell-requests';
import { APP_SHELL_MANIFEST_GLOBAL, APP_SHELL_MAX_FILES } from './app-shell-requests';
import { sendError } from './error-responses';

export interface AppShellServing {
  readonly manifest: AppShellManifest;
  /** The bundled worker (`app-shell-worker.js` of the client build). */
  readonly workerCode: string;
}

/** Bounds on what a browser is asked to store per version; a file beyond them stays online-only. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_TOTAL_BYTES = 50 * 1024 * 1024;

/**
 * The manifest of a version: the page (`/`, the same HTML every client route gets) and the
 * program's files, in order, within the bounds above and APP_SHELL_MAX_FILES.
 */
export function appShellManifest(version: string, files: readonly { readonly url: string; readonly size: number }[]): AppShellManifest {
  let total = 0;
  const urls: string[] = [];
  for (const file of files) {
    if (urls.length >= APP_SHELL_MAX_FILES || file.size > MAX_FILE_BYTES || total + file.size > MAX_TOTAL_BYTES) continue;
    total += file.size;
    urls.push(file.url);
  }
  return { version, page: '/', files: urls };
}

export function appShellWorkerScript(serving: AppShellServing): string {
  // JSON is a JavaScript expression; U+2028/2029 are legal in string literals since ES2019.
  return `self[${JSON.stringify(APP_SHELL_MANIFEST_GLOBAL)}] = ${JSON.stringify(serving.manifest)};\n${serving.workerCode}`;
}

export function appShellWorkerHandler(serving: () => AppShellServing | undefined): RequestHandler {
  let rendered: { readonly from: AppShellServing; readonly script: string } | undefined;
  return (req, res) => {
    const current = serving();
    if (current === undefined) {
      sendError(req, res, 404);
      return;
    }
    if (rendered?.from !== current) rendered = { from: current, script: appShellWorkerScript(current) };
    res.setHeader('Cache-Control', 'no-cache, no-store, must-revalidate');
    res.setHeader('Service-Worker-Allowed', '/');
    res.type('text/javascript').send(rendered.script);
  };
}
