import express from 'express';
import type { RequestHandler } from 'express';

export interface StaticAssetOptions {
  readonly urlPrefix: string;
  /** Content-hashed names never change content: cache for a year, `immutable`. */
  readonly immutable: boolean;
}

/** Serves files of one directory; never lists directories or serves dotfiles. */
export function staticAssets(dir: string, options: StaticAssetOptions): RequestHandler {
  const serve = express.static(dir, {
    index: false,
    dotfiles: 'ignore',
    fallthrough: true,
    redirect: false,
    ...(options.immutable ? { immutable: true, maxAge: '365d' } : { maxAge: 0 }),
  });
  if (options.urlPrefix === '/' || options.urlPrefix === '') return serve;
  const prefix = options.urlPrefix.replace(/\/$/, '');
  const router = express.Router();
  router.use(prefix, serve);
  return router;
}
