import type { PackageGlobal } from './meteor-packages';
import type { Side } from './app-config';

/**
 * Where the client globals module leaves each enabled package's facade namespace by specifier,
 * for npm dependencies pre-bundled by Vite (see shared-facades-in-deps): they must use the
 * page's one `Meteor`, not a copy bundled into their chunk.
 */
export const SHARED_MODULES_GLOBAL = '__perseidSharedModules';

/**
 * Source of the module that installs the enabled packages' globals (`Meteor`, `Mongo`, ...) and,
 * on the server, loads the packages' effect modules (`serverModules`, first).
 * It must be evaluated before any app module, so entries import it first and separately: in
 * ES modules, imports run before the importing module's body.
 */
export function globalsModuleSource(
  globals: readonly PackageGlobal[],
  side: Side,
  serverModules: readonly string[] = [],
  sharedModules: readonly string[] = [],
): string {
  const wanted = globals.filter((x) => x.side === 'both' || side === 'server');
  // Shared facades without a global are registered on the client only: the server boot shares them itself.
  const modules = [...new Set([...wanted.map((x) => x.module), ...(side === 'client' ? sharedModules : [])])];
  const effects = side === 'server' ? serverModules.map((m) => `import ${JSON.stringify(m)};`) : [];
  const lines = [...effects, ...modules.map((m, i) => `import * as m${i} from ${JSON.stringify(m)};`)];
  for (const x of wanted) {
    const i = modules.indexOf(x.module);
    lines.push(`if (m${i}[${JSON.stringify(x.name)}] !== undefined) globalThis[${JSON.stringify(x.name)}] = m${i}[${JSON.stringify(x.name)}];`);
  }
  if (side === 'client' && modules.length > 0) {
    lines.push(`const shared = (globalThis[${JSON.stringify(SHARED_MODULES_GLOBAL)}] ??= {});`);
    modules.forEach((m, i) => {
      lines.push(`shared[${JSON.stringify(m)}] = m${i};`);
    });
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Source of the client entry: globals, eager CSS, then the main module. Specifiers are
 * root-relative (`/client/main.tsx`), resolved by the bundler from the app root.
 *
 * With hot code push, `meteor/autoupdate` starts right after the globals, and the entry's body
 * tells it the app loaded: a module body runs only once every import evaluated, so a main
 * module that throws never reports a started app (and Cordova rolls that version back).
 */
export function clientEntrySource(
  globalsSpecifier: string,
  css: readonly string[],
  mainModules: readonly string[],
  options: { autoupdate?: boolean } = {},
): string {
  const imports = [globalsSpecifier, ...css.map((c) => `/${c}`), ...mainModules.map((m) => `/${m}`)].map((s) => `import ${JSON.stringify(s)};`);
  if (options.autoupdate !== true) return `${imports.join('\n')}\n`;
  const [globals, ...rest] = imports;
  return `${[globals, `import { appEntryLoaded } from 'meteor/autoupdate';`, ...rest, 'appEntryLoaded();'].join('\n')}\n`;
}
