/**
 * `meteor/webapp` in the browser: WebApp is server-only, as in Meteor. The names exist so
 * isomorphic modules typecheck and bundle; touching them in the browser fails clearly instead
 * of pulling Express into the client bundle.
 */
import type { WebAppServer } from '@perseid/webapp';

function serverOnly(name: string): never {
  throw new Error(`${name} is only available on the server (import it from server code).`);
}

export const WebApp: WebAppServer = new Proxy({} as WebAppServer, {
  get: (_target, property) => serverOnly(`WebApp.${String(property)}`),
});
export const WebAppInternals: WebAppServer = WebApp;
