import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CSSOptions } from 'vite';
import { loadConfigModule, looksLikeCommonJs } from '../app/config-module';
import { ToolError } from '../tool-error';

/** Vite's inline PostCSS options. */
export type InlinePostcss = Exclude<CSSOptions['postcss'], string | undefined>;
type AcceptedPlugin = NonNullable<InlinePostcss['plugins']>[number];

const CONFIG_FILES = ['postcss.config.js', 'postcss.config.cjs', 'postcss.config.mjs', '.postcssrc.js', '.postcssrc.cjs'];

/**
 * The app's PostCSS plugins, when its config file is one Vite's own loader would fail on: a
 * `.js` written with `module.exports` in a `"type": "module"` app (Meteor runs such a file as
 * CommonJS whatever the app's type). Undefined leaves PostCSS to Vite (no config, an ES module
 * config, `.cjs`, package.json's `postcss` key).
 */
export async function commonJsPostcssConfig(root: string): Promise<InlinePostcss | undefined> {
  const file = CONFIG_FILES.map((name) => join(root, name)).find((f) => existsSync(f));
  if (file === undefined || !file.endsWith('.js') || !looksLikeCommonJs(readFileSync(file, 'utf8')) || !isModuleTypeApp(root)) return undefined;
  let config: unknown;
  try {
    config = await loadConfigModule(file);
    if (typeof config === 'function') config = await (config as (ctx: object) => unknown)({ env: process.env['NODE_ENV'] ?? 'development', cwd: root });
  } catch (error) {
    throw new ToolError('build.failed', `${file} failed to load: ${(error as Error).message}`);
  }
  return { plugins: await pluginsOf(root, file, (config as { plugins?: unknown } | undefined)?.plugins) };
}

function isModuleTypeApp(root: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { type?: unknown }).type === 'module';
  } catch {
    return false;
  }
}

/** postcss-load-config's two forms: `{ name: options | false }` (each plugin loaded from the app) or a list of plugins. */
async function pluginsOf(root: string, file: string, plugins: unknown): Promise<AcceptedPlugin[]> {
  if (plugins === undefined || plugins === null) return [];
  if (Array.isArray(plugins)) return plugins.filter(Boolean) as AcceptedPlugin[];
  if (typeof plugins !== 'object') throw new ToolError('build.failed', `${file}: plugins must be an object or an array.`);
  const requireFromApp = createRequire(join(root, 'package.json'));
  const loaded: AcceptedPlugin[] = [];
  for (const [name, options] of Object.entries(plugins as Record<string, unknown>)) {
    if (options === false) continue;
    let plugin: unknown;
    try {
      plugin = requireFromApp(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM')
        throw new ToolError('build.failed', `${file} names the PostCSS plugin ${name}, which is not installed: ${(error as Error).message}`);
      plugin = ((await import(pathToFileURL(requireFromApp.resolve(name)).href)) as { default: unknown }).default;
    }
    const factory = (plugin as { default?: unknown }).default ?? plugin;
    const takesOptions = options !== undefined && options !== null && !(typeof options === 'object' && Object.keys(options).length === 0);
    loaded.push((typeof factory === 'function' ? (factory as (o?: unknown) => AcceptedPlugin)(takesOptions ? options : undefined) : factory) as AcceptedPlugin);
  }
  return loaded;
}
