/**
 * `/__cordova/`: what cordova-plugin-meteor-webapp downloads for hot code push. It fetches
 * `manifest.json`, then the index page (`/__cordova/`) and every listed file at
 * `/__cordova<url>?meteor_dont_serve_index=true`, checking the ETag's SHA-1 against the entry's
 * hash. A missing file asked for that way is a 404, never the HTML page: a page saved under a
 * script's name is the white screen of meteor/meteor#8063.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { ClientProgramFile, CordovaManifest } from './client-program';
import { sendError } from './error-responses';

export const CORDOVA_PREFIX = '/__cordova';

export interface CordovaServing {
  readonly manifest: CordovaManifest;
  readonly files: readonly ClientProgramFile[];
  /** The Cordova index.html, its runtime config in the form the plugin parses. */
  renderIndex(nonce: string): string;
}

export function dontServeIndex(req: Request): boolean {
  const flag = req.query['meteor_dont_serve_index'];
  return flag !== undefined && flag !== 'false';
}

const NO_CACHE = 'no-cache, no-store, must-revalidate';

/** Mounted at CORDOVA_PREFIX (paths arrive without it). `serving()` undefined: no Cordova program. */
export function cordovaRoutes(serving: () => CordovaServing | undefined): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    const program = serving();
    if (program === undefined) {
      sendError(req, res, 404);
      return;
    }
    // Manifest URLs are percent-encoded; the files are known by their decoded names.
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      sendError(req, res, 404);
      return;
    }
    if (path === '/manifest.json') {
      res.setHeader('Cache-Control', NO_CACHE);
      res.json(program.manifest);
      return;
    }
    const file = program.files.find((f) => f.url === path);
    if (file !== undefined) {
      sendProgramFile(res, file, next);
      return;
    }
    if (dontServeIndex(req) || (path !== '/' && path !== '' && path !== '/index.html' && /\.[^/]*$/.test(path))) {
      sendError(req, res, 404);
      return;
    }
    // The index page, for `/__cordova/` and for client routes of the Cordova program.
    res.setHeader('Cache-Control', NO_CACHE);
    res.type('html').send(program.renderIndex(String(res.locals['cspNonce'] ?? '')));
  };
}

function sendProgramFile(res: Response, file: ClientProgramFile, next: (error?: unknown) => void): void {
  res.sendFile(
    file.absolutePath,
    {
      etag: false,
      lastModified: false,
      cacheControl: false,
      dotfiles: 'allow',
      headers: {
        ETag: `"${file.hash}"`,
        'Cache-Control': file.cacheable ? 'public, max-age=31536000, immutable' : NO_CACHE,
      },
    },
    (error) => {
      if (error !== undefined && !res.headersSent) next(error);
    },
  );
}
