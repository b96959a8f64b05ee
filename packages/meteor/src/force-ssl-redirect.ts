import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLocalConnection, isSslConnection } from './force-ssl-common';

/**
 * Meteor's force-ssl: a request that is neither local nor secure gets a 302 to the same path on
 * `https://` and the ROOT_URL's host name (its port dropped: the HTTPS port is not known).
 * `exempt` paths pass as they are (a balancer's health probe speaks plain HTTP).
 */
export function forceSslRedirect(rootUrl: () => string, exempt: readonly string[] = []): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (exempt.includes(path) || isLocalConnection(req) || isSslConnection(req)) {
      next();
      return;
    }
    // hostname keeps an IPv6 address in brackets and drops the port.
    const target = `https://${new URL(rootUrl()).hostname}${req.url?.startsWith('/') === true ? req.url : '/'}`;
    res.writeHead(302, { Location: target, 'Access-Control-Allow-Origin': '*' });
    res.end();
  };
}
