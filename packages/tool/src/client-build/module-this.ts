import { readFile } from 'node:fs/promises';
import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin } from 'vite';
import { parseAst } from 'vite';

/**
 * Module-level `this` as Meteor's module wrapper gives it: an object (there, the module's
 * `exports`), where an ES module has `undefined`. Older app code writes `this.x = ...` or hands
 * `this` to a UMD-style wrapper at the top of a file; in the browser that would throw.
 */
const MODULE_THIS = '_$t_';

/** Nodes that bind their own `this`: nothing inside them is module-level. */
const OWN_THIS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ClassBody']);

export type SourceLang = 'js' | 'jsx' | 'ts' | 'tsx';

/** The parser language of an app source file, by extension. */
export function sourceLang(file: string): SourceLang {
  const ext = /\.(m?[jt]sx?)$/.exec(file)?.[1]?.replace(/^m/, '');
  return ext === 'jsx' || ext === 'ts' || ext === 'tsx' ? ext : 'js';
}

interface Node {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Start offsets of the `this` expressions at module level (arrow functions inherit it). */
export function moduleLevelThisOffsets(program: unknown): number[] {
  const offsets: number[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isNode(value)) return;
    if (value.type === 'ThisExpression') {
      offsets.push(value.start);
      return;
    }
    if (OWN_THIS.has(value.type)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key !== 'type' && typeof child === 'object' && child !== null) visit(child);
    }
  };
  visit(program);
  return offsets.sort((a, b) => a - b);
}

/**
 * The module's code with module-level `this` bound to a fresh object, or undefined when it has
 * none. The replacement has the same length as `this`, so every column after the first line's
 * prologue stays where the source map puts it.
 */
export function bindModuleThis(code: string, lang: SourceLang = 'js'): string | undefined {
  if (!/\bthis\b/.test(code)) return undefined;
  let program: unknown;
  try {
    program = parseAst(code, { lang });
  } catch {
    return undefined;
  }
  const offsets = moduleLevelThisOffsets(program);
  if (offsets.length === 0) return undefined;
  let out = '';
  let from = 0;
  for (const offset of offsets) {
    out += code.slice(from, offset) + MODULE_THIS;
    from = offset + 'this'.length;
  }
  return `const ${MODULE_THIS} = {};${out}${code.slice(from)}`;
}

/** Applies bindModuleThis to the app's own modules in esbuild bundles (`meteor test`'s client), before compilation. */
export function moduleThisEsbuildPlugin(): EsbuildPlugin {
  return {
    name: 'perseid:module-this',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.(?:m?[jt]sx?)$/ }, async (args) => {
        if (args.path.includes('/node_modules/')) return undefined;
        const lang = sourceLang(args.path);
        const bound = bindModuleThis(await readFile(args.path, 'utf8'), lang);
        return bound === undefined ? undefined : { contents: bound, loader: lang };
      });
    },
  };
}

/** Applies bindModuleThis to the app's own modules (npm packages are bundled as they ship). */
export function moduleThisPlugin(): Plugin {
  return {
    name: 'perseid:module-this',
    enforce: 'post',
    transform(code, id) {
      if (id.startsWith('\0') || id.includes('/node_modules/') || !/\.(?:m?[jt]sx?)(?:\?|$)/.test(id)) return undefined;
      const bound = bindModuleThis(code);
      return bound === undefined ? undefined : { code: bound, map: null };
    },
  };
}
