import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { loadConfigModule } from './config-module';

/**
 * One import alias of the app, in a form every resolver here can apply (Vite's `resolve.alias`,
 * esbuild plugins, the server's module hooks): a specifier matching `find` (a regular expression
 * source, anchored) becomes `specifier.replace(new RegExp(find), replacement)`, an absolute path
 * the resolver then completes (extension, directory index).
 */
export interface ModuleAlias {
  readonly find: string;
  readonly replacement: string;
  /** Where the app declared it, for messages. */
  readonly source: string;
}

/**
 * The aliases an app declares, in the order they apply: tsconfig.json (or jsconfig.json)
 * `compilerOptions.paths`, a `.babelrc` / `babel.config.json` module-resolver `alias`, and an
 * `rspack.config.{js,cjs,mjs}` `resolve.alias`. Meteor's own root-relative imports
 * (`/imports/...`) are not aliases; a `paths` entry for them is skipped.
 */
export async function readAppAliases(root: string, warn: (line: string) => void = () => undefined): Promise<ModuleAlias[]> {
  return [...tsconfigAliases(root, warn), ...babelAliases(root, warn), ...(await rspackAliases(root, warn))];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** JSON with comments and trailing commas, as tsconfig.json and .babelrc allow. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else {
      out += ch;
      i += 1;
    }
  }
  return JSON.parse(out.replace(/,(\s*[\]}])/g, '$1')) as unknown;
}

function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

interface CompilerPaths {
  readonly paths: Record<string, unknown>;
  /** Directory the paths' targets are relative to. */
  readonly base: string;
}

/** `paths` with the directory they resolve from, following relative `extends` chains. */
function compilerPaths(file: string, warn: (line: string) => void, depth = 0): CompilerPaths | undefined {
  let config: Record<string, unknown> | undefined;
  try {
    config = asRecord(parseJsonc(readFileSync(file, 'utf8')));
  } catch (error) {
    warn(`=> Warning: ${file} is not valid JSON, so its paths are not applied: ${(error as Error).message}`);
    return undefined;
  }
  const options = asRecord(config?.['compilerOptions']);
  const paths = asRecord(options?.['paths']);
  const baseUrl = options?.['baseUrl'];
  if (paths !== undefined) return { paths, base: typeof baseUrl === 'string' ? resolve(dirname(file), baseUrl) : dirname(file) };
  const parent = config?.['extends'];
  if (typeof parent === 'string' && parent.startsWith('.') && depth < 8) {
    const next = resolve(dirname(file), parent.endsWith('.json') ? parent : `${parent}.json`);
    if (existsSync(next)) return compilerPaths(next, warn, depth + 1);
  }
  return undefined;
}

function tsconfigAliases(root: string, warn: (line: string) => void): ModuleAlias[] {
  const file = ['tsconfig.json', 'jsconfig.json'].map((name) => join(root, name)).find((f) => existsSync(f));
  if (file === undefined) return [];
  const found = compilerPaths(file, warn);
  if (found === undefined) return [];
  const aliases: ModuleAlias[] = [];
  for (const [pattern, targets] of Object.entries(found.paths)) {
    const target = Array.isArray(targets) ? targets.find((t): t is string => typeof t === 'string') : undefined;
    if (target === undefined || pattern.startsWith('/')) continue;
    const star = pattern.indexOf('*');
    const absolute = resolve(found.base, target);
    if (star === -1) {
      aliases.push({ find: `^${escapeRegExp(pattern)}$`, replacement: absolute, source: file });
    } else {
      const find = `^${escapeRegExp(pattern.slice(0, star))}(.*)${escapeRegExp(pattern.slice(star + 1))}$`;
      aliases.push({ find, replacement: absolute.replace('*', '$1'), source: file });
    }
  }
  return aliases;
}

/** `alias` of babel-plugin-module-resolver: a key matches itself or itself followed by `/...`; a `^` key is a regular expression with `\\n` groups. */
function babelAliases(root: string, warn: (line: string) => void): ModuleAlias[] {
  const file = ['.babelrc', '.babelrc.json', 'babel.config.json'].map((name) => join(root, name)).find((f) => existsSync(f));
  if (file === undefined) return [];
  let config: Record<string, unknown> | undefined;
  try {
    config = asRecord(parseJsonc(readFileSync(file, 'utf8')));
  } catch (error) {
    warn(`=> Warning: ${file} is not valid JSON, so its module-resolver aliases are not applied: ${(error as Error).message}`);
    return [];
  }
  const plugins = Array.isArray(config?.['plugins']) ? (config['plugins'] as unknown[]) : [];
  const aliases: ModuleAlias[] = [];
  for (const plugin of plugins) {
    if (!Array.isArray(plugin)) continue;
    const [name, options] = plugin as [unknown, unknown];
    if (name !== 'module-resolver' && name !== 'babel-plugin-module-resolver') continue;
    for (const [key, value] of Object.entries(asRecord(asRecord(options)?.['alias']) ?? {})) {
      if (typeof value !== 'string') continue;
      // Relative targets are relative to Babel's working directory, the app root.
      const target = value.startsWith('.') ? resolve(root, value) : value;
      if (key.startsWith('^')) {
        aliases.push({ find: key, replacement: target.replace(/\\(\d)/g, '$$$1'), source: file });
      } else {
        aliases.push({ find: `^${escapeRegExp(key)}(/.*)?$`, replacement: `${target}$1`, source: file });
      }
    }
  }
  return aliases;
}

/**
 * `resolve.alias` of the app's rspack config (Meteor ≥ 3.4). The file is evaluated as Meteor's
 * tool does: CommonJS for `.cjs` and for `.js` using `module.exports`; `@meteorjs/rspack`'s
 * `defineConfig` is the identity, and a function config is called with the client build's view.
 */
async function rspackAliases(root: string, warn: (line: string) => void): Promise<ModuleAlias[]> {
  const file = ['rspack.config.js', 'rspack.config.cjs', 'rspack.config.mjs'].map((name) => join(root, name)).find((f) => existsSync(f));
  if (file === undefined) return [];
  let config: unknown;
  try {
    config = await loadConfigModule(file, { '@meteorjs/rspack': { defineConfig: (c: unknown) => c } });
    if (typeof config === 'function') {
      const env = { isClient: true, isServer: false, isDevelopment: true, isProduction: false, isTest: false, isRun: true, isBuild: false };
      config = await (config as (meteor: object, argv: object) => unknown)(env, {});
    }
  } catch (error) {
    warn(`=> Warning: ${file} could not be read, so its resolve.alias is not applied: ${(error as Error).message}`);
    return [];
  }
  const alias = asRecord(asRecord(asRecord(config)?.['resolve'])?.['alias']) ?? {};
  const aliases: ModuleAlias[] = [];
  for (const [key, value] of Object.entries(alias)) {
    const target = Array.isArray(value) ? value.find((v): v is string => typeof v === 'string') : value;
    if (typeof target !== 'string') continue;
    const absolute = isAbsolute(target) || !target.startsWith('.') ? target : resolve(root, target);
    if (key.endsWith('$')) aliases.push({ find: `^${escapeRegExp(key.slice(0, -1))}$`, replacement: absolute, source: file });
    else aliases.push({ find: `^${escapeRegExp(key)}(/.*)?$`, replacement: `${absolute}$1`, source: file });
  }
  return aliases;
}

/** The first alias matching `specifier`, applied; undefined when none does. */
export function applyAlias(aliases: readonly ModuleAlias[], specifier: string): string | undefined {
  for (const alias of aliases) {
    const pattern = new RegExp(alias.find);
    if (pattern.test(specifier)) return specifier.replace(pattern, alias.replacement);
  }
  return undefined;
}
