import type { RequestHandler } from 'express';

/**
 * The default Content-Security-Policy. `{nonce}` is replaced per response; the runtime config
 * script carries that nonce. `connect-src` adds ws:/wss: to 'self' because DDP opens a
 * WebSocket to the page's own host.
 */
export const DEFAULT_CSP =
  "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; " +
  "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

export interface SecurityHeaderOptions {
  /** The CSP template; `{nonce}` is replaced per response. `false` sends none. */
  readonly contentSecurityPolicy: () => string | false;
  readonly referrerPolicy?: string;
}

/** Sets the security headers on every response; the CSP nonce lives in `res.locals.cspNonce`. */
export function securityHeaders(options: SecurityHeaderOptions, makeNonce: () => string): RequestHandler {
  return (_req, res, next) => {
    const nonce = makeNonce();
    res.locals['cspNonce'] = nonce;
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', options.referrerPolicy ?? 'strict-origin-when-cross-origin');
    const csp = options.contentSecurityPolicy();
    if (csp !== false) res.setHeader('Content-Security-Policy', csp.replaceAll('{nonce}', nonce));
    else res.setHeader('Content-Security-Policy', "frame-ancestors 'self'");
    next();
  };
}
