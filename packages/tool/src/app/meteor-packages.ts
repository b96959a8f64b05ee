import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ToolError } from '../tool-error';

/** A global that an enabled package puts on `globalThis`, read from a facade module. */
export interface PackageGlobal {
  readonly name: string;
  readonly module: string;
  readonly side: 'both' | 'server';
}

/**
 * How Perseid treats each Meteor core package name in `.meteor/packages`:
 * `provided` ones are implemented by the runtime (and may define globals), `build-only` ones
 * concern Meteor's own build tool and are accepted as no-ops (Vite, tsx and esbuild do the job).
 */
export type PackageKind =
  | {
    readonly kind: 'provided';
    readonly globals: readonly PackageGlobal[];
    /** Modules the server imports for their effect, before any app module (a package that switches something on). */
    readonly serverModules?: readonly string[];
    /** Hot code push: the client entry starts `meteor/autoupdate` and reports the app's startup to it. */
    readonly autoupdate?: boolean;
  }
  | { readonly kind: 'build-only'; readonly reason: string };

const g = (name: string, module: string, side: 'both' | 'server' = 'both'): PackageGlobal => ({ name, module, side });
const provided = (...globals: PackageGlobal[]): PackageKind => ({ kind: 'provided', globals });
const serverEffect = (module: string): PackageKind => ({ kind: 'provided', globals: [], serverModules: [module] });
const buildOnly = (reason: string): PackageKind => ({ kind: 'build-only', reason });
const AUTOUPDATE = 'meteor/autoupdate';
/** Meteor's hot-code-push: the versions publication on the server, the client following it. */
const hotCodePush = (...globals: PackageGlobal[]): PackageKind => ({ kind: 'provided', globals, serverModules: [AUTOUPDATE], autoupdate: true });

const METEOR = g('Meteor', 'meteor/meteor');

export const KNOWN_PACKAGES: ReadonlyMap<string, PackageKind> = new Map<string, PackageKind>([
  ['meteor-base', hotCodePush(METEOR, g('WebApp', 'meteor/webapp', 'server'), g('DDP', 'meteor/ddp'))],
  ['hot-code-push', hotCodePush()],
  ['autoupdate', hotCodePush()],
  ['reload', provided()],
  ['meteor', provided(METEOR)],
  ['webapp', provided(g('WebApp', 'meteor/webapp', 'server'))],
  ['ddp', provided(g('DDP', 'meteor/ddp'))],
  ['ddp-client', provided(g('DDP', 'meteor/ddp'))],
  ['ddp-server', provided(g('DDP', 'meteor/ddp'))],
  ['mongo', provided(g('Mongo', 'meteor/mongo'))],
  ['minimongo', provided()],
  ['tracker', provided(g('Tracker', 'meteor/tracker'))],
  ['reactive-var', provided(g('ReactiveVar', 'meteor/reactive-var'))],
  ['reactive-dict', provided(g('ReactiveDict', 'meteor/reactive-dict'))],
  ['ejson', provided(g('EJSON', 'meteor/ejson'))],
  ['random', provided(g('Random', 'meteor/random'))],
  ['check', provided(g('check', 'meteor/check'), g('Match', 'meteor/check'))],
  ['fetch', provided()],
  ['react-meteor-data', provided()],
  ['accounts-base', provided(g('Accounts', 'meteor/accounts-base'))],
  ['accounts-password', provided(g('Accounts', 'meteor/accounts-base'))],
  ['audit-argument-checks', serverEffect('meteor/audit-argument-checks')],
  ['ddp-rate-limiter', provided(g('DDPRateLimiter', 'meteor/ddp-rate-limiter'))],
  ['static-html', provided()],
  ['ecmascript', buildOnly('modern JavaScript is compiled by Vite/esbuild/tsx')],
  ['typescript', buildOnly('TypeScript is compiled by Vite/esbuild/tsx')],
  ['modules', buildOnly('ES modules are native')],
  ['dynamic-import', buildOnly('import() is native')],
  ['es5-shim', buildOnly('no ES5 browsers are targeted')],
  ['standard-minifier-css', buildOnly('Vite minifies CSS in meteor build')],
  ['standard-minifier-js', buildOnly('Vite minifies JS in meteor build')],
  ['standard-minifiers', buildOnly('Vite minifies in meteor build')],
  ['hot-module-replacement', buildOnly('Vite provides HMR in meteor run')],
  ['react-fast-refresh', buildOnly('@vitejs/plugin-react provides fast refresh')],
  ['mobile-experience', buildOnly('mobile builds come with the Cordova issue')],
  ['launch-screen', buildOnly('mobile builds come with the Cordova issue')],
  ['mobile-status-bar', buildOnly('mobile builds come with the Cordova issue')],
  ['shell-server', buildOnly('no `meteor shell` yet')],
  ['mongo-dev-server', buildOnly('meteor run always starts minimongod when MONGO_URL is absent')],
  ['meteortesting:mocha', buildOnly('meteor test always runs mocha')],
  ['zodern:types', buildOnly('types come from the meteor package')],
]);

export interface AppPackages {
  /** Package names in file order, versions stripped. */
  readonly names: readonly string[];
  readonly globals: readonly PackageGlobal[];
  /** Modules the server imports for their effect before the app (see PackageKind). */
  readonly serverModules: readonly string[];
  /** Whether hot code push is on (meteor-base, hot-code-push or autoupdate). */
  readonly autoupdate: boolean;
}

/**
 * Parses `.meteor/packages` text: one package per line, `#` comments, optional `@version`
 * constraints (ignored: the runtime is one version). Unknown names fail with every offending
 * line listed, so a typo is found in one run.
 */
export function parseMeteorPackages(text: string, file = '.meteor/packages'): AppPackages {
  const names: string[] = [];
  const unknown: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const entry = line.replace(/#.*/, '').trim();
    if (entry === '') return;
    const name = entry.split('@')[0]?.trim() ?? '';
    if (!/^[a-z0-9:._-]+$/.test(name)) {
      unknown.push(`${file}:${index + 1}: "${entry}" is not a package name`);
      return;
    }
    if (!KNOWN_PACKAGES.has(name)) {
      unknown.push(`${file}:${index + 1}: unknown package "${name}" (Perseid provides: ${providedNames().join(', ')})`);
      return;
    }
    if (!names.includes(name)) names.push(name);
  });
  if (unknown.length > 0) throw new ToolError('packages.unknown', unknown.join('\n'));
  const globals: PackageGlobal[] = [];
  const serverModules: string[] = [];
  let autoupdate = false;
  for (const name of names) {
    const kind = KNOWN_PACKAGES.get(name);
    if (kind?.kind !== 'provided') continue;
    if (kind.autoupdate === true) autoupdate = true;
    for (const global of kind.globals) if (!globals.some((x) => x.name === global.name)) globals.push(global);
    for (const module of kind.serverModules ?? []) if (!serverModules.includes(module)) serverModules.push(module);
  }
  return { names, globals, serverModules, autoupdate };
}

export function readMeteorPackages(root: string): AppPackages {
  const file = join(root, '.meteor', 'packages');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ToolError('packages.unreadable', `Cannot read ${file}: ${(error as Error).message}`);
  }
  return parseMeteorPackages(text, file);
}

function providedNames(): string[] {
  return [...KNOWN_PACKAGES].filter(([, k]) => k.kind === 'provided').map(([n]) => n);
}
