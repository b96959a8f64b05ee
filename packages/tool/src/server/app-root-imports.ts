import { register } from 'node:module';

/**
 * Makes Meteor's root-relative imports (`/imports/...`) resolve from the app root in this
 * process. Call before importing app code; the hooks apply to every later import.
 */
export function registerAppRootImports(root: string): void {
  register('./app-root-resolve-hooks.mjs', import.meta.url, { data: { root } });
}
