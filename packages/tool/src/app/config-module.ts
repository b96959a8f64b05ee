import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInThisContext } from 'node:vm';

/** Whether JavaScript source is written as CommonJS (assigns `module.exports` / `exports.x`, no ESM syntax). */
export function looksLikeCommonJs(source: string): boolean {
  const esm = /^\s*(?:import\s*[\w{*'"]|export\s)/m.test(source);
  const cjs = /\bmodule\.exports\b|^\s*exports\.\w+\s*=/m.test(source);
  return cjs && !esm;
}

/**
 * Loads a JavaScript config file the way Meteor's tool would whatever the app's package.json
 * `"type"`: `.cjs`, and `.js` written as CommonJS, run as CommonJS (so `module.exports` works in
 * a `"type": "module"` app); anything else is imported. `shims` stand in for modules the
 * config requires that only Meteor's own tool provides.
 */
export async function loadConfigModule(file: string, shims: Readonly<Record<string, unknown>> = {}): Promise<unknown> {
  const source = readFileSync(file, 'utf8');
  if (file.endsWith('.cjs') || (file.endsWith('.js') && looksLikeCommonJs(source))) {
    const base = createRequire(file);
    const requireShimmed = Object.assign((id: string): unknown => (Object.hasOwn(shims, id) ? shims[id] : base(id)), { resolve: base.resolve.bind(base) });
    const module = { exports: {} as unknown };
    const wrapper = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file }) as (
      ...args: unknown[]
    ) => void;
    wrapper(module.exports, requireShimmed, module, file, dirname(file));
    const exported = module.exports;
    const esModule = typeof exported === 'object' && exported !== null && (exported as { __esModule?: unknown }).__esModule === true && 'default' in exported;
    return esModule ? (exported as { default: unknown }).default : exported;
  }
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  return mod.default ?? mod;
}
