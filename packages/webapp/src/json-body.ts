/**
 * A bounded JSON request-body parser for app routes (`WebApp.handlers.post(path, jsonBody(), …)`).
 * Express's own `express.json()` builds whatever the body nests and leaves the walk of it to the
 * handler, where a body nested a few thousand levels deep overflows the stack (a 500); this one
 * refuses such a body from a scan of its text before anything is built.
 *
 *   body over `maxBytes`                → 413 Payload too large
 *   charset other than UTF-8            → 415 Unsupported media type
 *   nested deeper than `maxDepth`       → 400 Bad request
 *   not JSON                            → 400 Bad request
 *
 * The statuses reach the client through WebApp's error handler, without any of the body.
 */
import { jsonTextExceedsDepth } from '@perseid/ejson';
import express from 'express';
import type { RequestHandler } from 'express';

/** Largest body accepted by default, as DDP's largest frame: 1 MiB. */
export const DEFAULT_JSON_BODY_BYTES = 1024 * 1024;
/**
 * Deepest nesting accepted by default: as a DDP frame (128 levels), room for the deepest
 * MongoDB document (100) and far from where a recursive walk of the value overflows the stack.
 */
export const DEFAULT_JSON_BODY_DEPTH = 128;

export interface JsonBodyOptions {
  /** Largest body in bytes. Default DEFAULT_JSON_BODY_BYTES. */
  readonly maxBytes?: number;
  /** Deepest nesting of arrays and objects (`[]` is one level). Default DEFAULT_JSON_BODY_DEPTH. */
  readonly maxDepth?: number;
  /** Content types parsed (others pass through untouched). Default `application/json`. */
  readonly type?: string | readonly string[];
}

/** An error WebApp's error handler answers with `status`, never showing its message. */
function clientError(status: number, message: string, type: string): Error {
  return Object.assign(new Error(message), { status, type, expose: false });
}

export function jsonBody(options: JsonBodyOptions = {}): RequestHandler {
  const maxDepth = options.maxDepth ?? DEFAULT_JSON_BODY_DEPTH;
  return express.json({
    limit: options.maxBytes ?? DEFAULT_JSON_BODY_BYTES,
    type: options.type === undefined ? 'application/json' : [...(typeof options.type === 'string' ? [options.type] : options.type)],
    verify: (_req, _res, body, encoding) => {
      if (encoding.toLowerCase() !== 'utf-8') throw clientError(415, `unsupported charset ${encoding}`, 'charset.unsupported');
      if (jsonTextExceedsDepth(body.toString('utf8'), maxDepth)) {
        throw clientError(400, `JSON body nested deeper than ${maxDepth} levels`, 'entity.too.deep');
      }
    },
  });
}
