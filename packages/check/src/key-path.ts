const JS_KEYWORDS = new Set([
  'do',
  'if',
  'in',
  'for',
  'let',
  'new',
  'try',
  'var',
  'case',
  'else',
  'enum',
  'eval',
  'false',
  'null',
  'this',
  'true',
  'void',
  'with',
  'break',
  'catch',
  'class',
  'const',
  'super',
  'throw',
  'while',
  'yield',
  'delete',
  'export',
  'import',
  'public',
  'return',
  'static',
  'switch',
  'typeof',
  'default',
  'extends',
  'finally',
  'package',
  'private',
  'continue',
  'debugger',
  'function',
  'arguments',
  'interface',
  'protected',
  'implements',
  'instanceof',
]);

/**
 * Prefixes `base` (an already formatted path) with `key` the way Meteor prints paths:
 * `[3]` for indices, `.name` for identifiers, `["odd key"]` for anything else.
 */
export function prependPath(key: string | number, base: string): string {
  let head: string;
  if (typeof key === 'number' || /^[0-9]+$/.test(key)) head = `[${key}]`;
  else if (!/^[a-z_$][0-9a-z_$]*$/i.test(key) || JS_KEYWORDS.has(key)) head = JSON.stringify([key]);
  else head = key;
  if (base && !base.startsWith('[')) return `${head}.${base}`;
  return head + base;
}
