import { register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';

/**
 * Makes Meteor's root-relative imports (`/imports/...`) resolve from the app root in this
 * process, and reports each file module resolved from then on (outside node_modules) to
 * `onModule`. Call before importing app code.
 */
export function registerAppRootImports(root: string, onModule?: (file: string) => void): void {
  if (onModule === undefined) {
    register('./app-root-resolve-hooks.mjs', import.meta.url, { data: { root } });
    return;
  }
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (url: unknown) => {
    if (typeof url === 'string') onModule(fileURLToPath(url));
  });
  port1.unref();
  register('./app-root-resolve-hooks.mjs', import.meta.url, { data: { root, port: port2 }, transferList: [port2] });
}
