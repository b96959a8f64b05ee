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
 * concern Meteor's own build tool and are accepted as no-ops (Vite, tsx and esbuild do the job),
 * `refused` ones are Meteor packages that cannot work here (the reason says why and what to use).
 * Every kind carries the one-line summary `meteor list` and `meteor add` print.
 */
export type PackageKind =
  | {
      readonly kind: 'provided';
      readonly summary: string;
      readonly globals: readonly PackageGlobal[];
      /** Modules the server imports for their effect, before any app module (a package that switches something on). */
      readonly serverModules?: readonly string[];
      /** Hot code push: the client entry starts `meteor/autoupdate` and reports the app's startup to it. */
      readonly autoupdate?: boolean;
      /**
       * Facade modules the package provides without a global: loaded before the app like the
       * globals' modules, so an npm package importing them gets the app's one instance.
       */
      readonly sharedModules?: readonly string[];
    }
  | { readonly kind: 'build-only'; readonly summary: string; readonly reason: string }
  | { readonly kind: 'refused'; readonly summary: string; readonly reason: string };

const g = (name: string, module: string, side: 'both' | 'server' = 'both'): PackageGlobal => ({ name, module, side });
const provided = (summary: string, ...globals: PackageGlobal[]): PackageKind => ({ kind: 'provided', summary, globals });
const serverEffect = (summary: string, module: string, ...globals: PackageGlobal[]): PackageKind => ({
  kind: 'provided',
  summary,
  globals,
  serverModules: [module],
});
/** A package whose facade module defines no global but must still be one instance (see sharedModules). */
const facade = (summary: string, module: string): PackageKind => ({ kind: 'provided', summary, globals: [], sharedModules: [module] });
const buildOnly = (summary: string, reason: string): PackageKind => ({ kind: 'build-only', summary, reason });
const refused = (summary: string, reason: string): PackageKind => ({ kind: 'refused', summary, reason });
const AUTOUPDATE = 'meteor/autoupdate';
/** Meteor's hot-code-push: the versions publication on the server, the client following it. */
const hotCodePush = (summary: string, ...globals: PackageGlobal[]): PackageKind => ({
  kind: 'provided',
  summary,
  globals,
  serverModules: [AUTOUPDATE],
  autoupdate: true,
});

const METEOR = g('Meteor', 'meteor/meteor');
const ACCOUNTS = g('Accounts', 'meteor/accounts-base');
const BLAZE = 'Blaze templates are not supported by Perseid (it renders with React): port the templates to React components';
const MOBILE = 'mobile builds use the Cordova pipeline of `meteor build`';
const OAUTH = 'OAuth login services and two-factor login are not provided by Perseid: accounts-password and accounts-passwordless are';
const TOOL = "part of Meteor's own build tool, not a package an app uses";
const TESTS = 'write the tests with mocha and run them with meteor test';
/** Meteor's internal building blocks whose globals Perseid's runtime does not expose. */
const internal = (what: string, instead: string): string => `Perseid's runtime has its own ${what}, not exposed as a package: ${instead}`;

export const KNOWN_PACKAGES: ReadonlyMap<string, PackageKind> = new Map<string, PackageKind>([
  ['meteor-base', hotCodePush('Packages every Meteor app needs to have', METEOR, g('WebApp', 'meteor/webapp', 'server'), g('DDP', 'meteor/ddp'))],
  ['meteor', provided('Core Meteor environment', METEOR)],
  ['webapp', provided('Serves a Meteor app over HTTP', g('WebApp', 'meteor/webapp', 'server'))],
  ['ddp', provided("Meteor's latency-compensated distributed data framework", g('DDP', 'meteor/ddp'))],
  ['ddp-client', provided("Meteor's latency-compensated distributed data client", g('DDP', 'meteor/ddp'))],
  ['ddp-server', provided("Meteor's latency-compensated distributed data server", g('DDP', 'meteor/ddp'))],
  [
    'ddp-common',
    provided('What the DDP client and server share: heartbeat, method invocation, the client-error boundary', g('DDPCommon', 'meteor/ddp-common')),
  ],
  ['mongo', provided('Adaptor for using MongoDB and Minimongo over DDP', g('Mongo', 'meteor/mongo'))],
  ['minimongo', facade("Meteor's client-side datastore: a port of MongoDB to Javascript", 'meteor/minimongo')],
  ['tracker', provided('Dependency tracker to allow reactive callbacks', g('Tracker', 'meteor/tracker'))],
  ['reactive-var', provided('Reactive variable', g('ReactiveVar', 'meteor/reactive-var'))],
  ['reactive-dict', provided('Reactive dictionary', g('ReactiveDict', 'meteor/reactive-dict'))],
  ['session', provided('Session variable', g('Session', 'meteor/session'))],
  ['ejson', provided('Extended and Extensible JSON library', g('EJSON', 'meteor/ejson'))],
  ['random', provided('Random number generator and utilities', g('Random', 'meteor/random'))],
  ['check', provided('Check whether a value matches a pattern', g('check', 'meteor/check'), g('Match', 'meteor/check'))],
  ['underscore', provided('Collection of small helpers: _.map, _.each, ... (the underscore npm package)', g('_', 'meteor/underscore'))],
  ['logging', provided('Logging facility.', g('Log', 'meteor/logging'))],
  ['fetch', facade('Isomorphic modern/legacy/Node polyfill for WHATWG fetch()', 'meteor/fetch')],
  ['react-meteor-data', facade('React hooks for reactive data fetching (useTracker, useFind, useSubscribe)', 'meteor/react-meteor-data')],
  ['accounts-base', provided('A user account system', ACCOUNTS)],
  ['accounts-password', provided('Password support for accounts', ACCOUNTS)],
  ['accounts-passwordless', serverEffect('No-password login/sign-up support for accounts', 'meteor/accounts-passwordless', ACCOUNTS)],
  ['audit-argument-checks', serverEffect('Try to detect inadequate input sanitization', 'meteor/audit-argument-checks')],
  ['autopublish', serverEffect('(For prototyping only) Publish the entire database to all clients', 'meteor/autopublish')],
  ['insecure', serverEffect('(For prototyping only) Allow all database writes from the client', 'meteor/insecure')],
  [
    'ddp-rate-limiter',
    provided('The DDPRateLimiter allows users to add rate limits to DDP methods and subscriptions', g('DDPRateLimiter', 'meteor/ddp-rate-limiter')),
  ],
  ['email', provided('Send email messages', g('Email', 'meteor/email', 'server'))],
  ['server-render', provided('Generic support for server-side rendering in Meteor apps')],
  ['static-html', provided('Define static page content in .html files')],
  ['reload', provided('Reload the page while preserving application state')],
  ['autoupdate', hotCodePush('Update the client when new client code is available')],
  ['hot-code-push', hotCodePush('Update the client in place when new code is available')],
  ['mongo-livedata', provided('(Deprecated) Use the mongo package instead', g('Mongo', 'meteor/mongo'))],
  ['localstorage', provided('Simulates local storage on IE 6,7 using userData (Meteor._localStorage)')],
  ['force-ssl', serverEffect('Require this application to use HTTPS', 'meteor/force-ssl')],
  ['force-ssl-common', provided('Common code for the force-ssl package (isLocalConnection, isSslConnection)')],
  ['shell-server', buildOnly('Server-side component of the `meteor shell` command', '`meteor run` always serves `meteor shell`')],
  ['rspack', buildOnly('Integrate Rspack into Meteor for client and server app bundling', 'Vite, esbuild and tsx bundle the app')],
  ['ecmascript', buildOnly('Compiler plugin that supports ES2015+ in all .js files', 'modern JavaScript is compiled by Vite/esbuild/tsx')],
  ['typescript', buildOnly('Compiler plugin that compiles TypeScript and ECMAScript in .ts and .tsx files', 'TypeScript is compiled by Vite/esbuild/tsx')],
  ['modules', buildOnly('CommonJS module system', 'ES modules are native')],
  ['dynamic-import', buildOnly('Runtime support for Meteor 1.5 dynamic import(...) syntax', 'import() is native')],
  ['es5-shim', buildOnly('Shims and polyfills to improve ECMAScript 5 support', 'no ES5 browsers are targeted')],
  ['standard-minifier-css', buildOnly('Standard css minifier used with Meteor apps by default.', 'Vite minifies CSS in meteor build')],
  ['standard-minifier-js', buildOnly('Standard javascript minifiers used with Meteor apps by default.', 'Vite minifies JS in meteor build')],
  ['standard-minifiers', buildOnly('Standard minifiers used with Meteor apps by default.', 'Vite minifies in meteor build')],
  ['hot-module-replacement', buildOnly('Update code in development without reloading the page', 'Vite provides HMR in meteor run')],
  ['react-fast-refresh', buildOnly('Automatically update React components with HMR', '@vitejs/plugin-react provides fast refresh')],
  ['mobile-experience', buildOnly('Packages for a great mobile user experience', MOBILE)],
  ['launch-screen', buildOnly('Default and customizable launch screen on mobile.', MOBILE)],
  ['mobile-status-bar', buildOnly('Good defaults for the mobile status bar', MOBILE)],
  ['mongo-dev-server', buildOnly('Start MongoDB alongside Meteor, in development mode.', 'meteor run always starts minimongod when MONGO_URL is absent')],
  ['meteortesting:mocha', buildOnly('Run Meteor package or app tests with Mocha', 'meteor test always runs mocha')],
  ['zodern:types', buildOnly('Type definitions for Meteor packages', 'types come from the meteor package')],
  ['dev-error-overlay', buildOnly('Show build errors in the browser', "Vite's overlay shows them in meteor run")],
  ['ecmascript-runtime', buildOnly('Polyfills for new ECMAScript 2015 APIs like Map and Set', 'the targeted browsers and Node have them natively')],
  ['ecmascript-runtime-client', buildOnly('Polyfills for new ECMAScript 2015 APIs like Map and Set', 'the targeted browsers have them natively')],
  ['ecmascript-runtime-server', buildOnly('Polyfills for new ECMAScript 2015 APIs like Map and Set', 'Node has them natively')],
  ['babel-runtime', buildOnly('Runtime support for output of Babel transpiler', 'Vite/esbuild/tsx bring their own helpers')],
  ['promise', buildOnly('ECMAScript 2015 Promise polyfill with Fiber support', 'Promise is native')],
  ['modern-browsers', buildOnly('API for defining the boundary between modern and legacy JavaScript clients', 'one modern client build is served')],
  ['package-stats-opt-out', buildOnly('Opt out of sending package stats', 'no package statistics are sent')],
  ['core-runtime', buildOnly('Core runtime to load packages and the app', 'the runtime loads its packages itself')],
  ['modules-runtime', buildOnly('CommonJS module system', 'ES modules are native')],
  ['modules-runtime-hot', buildOnly('Patches modules-runtime to support HMR', 'Vite provides HMR in meteor run')],
  ['babel-compiler', buildOnly('Parser/transpiler for ECMAScript 2015+ syntax', 'Vite/esbuild/tsx compile the app')],
  ['caching-compiler', buildOnly('An easy way to make compiler plugins cache', 'Vite/esbuild/tsx compile the app')],
  ['minifier-css', buildOnly('CSS minifier', 'Vite minifies CSS in meteor build')],
  ['minifier-js', buildOnly('JavaScript minifier', 'Vite minifies JS in meteor build')],
  ['static-html-tools', buildOnly('Tools for static-html', 'static-html is built in')],
  ['boilerplate-generator', buildOnly("Generates the boilerplate html from program's manifest", 'webapp renders the page')],
  ['webapp-hashing', buildOnly('Used internally by WebApp. Knows how to hash programs from manifests.', 'webapp computes the client versions')],
  [
    'inter-process-messaging',
    buildOnly('Support for sending messages from the build process to the server process', 'meteor run talks to its server process itself'),
  ],
  ['disable-oplog', buildOnly('Disables oplog tailing', 'the runtime has no oplog driver (change streams, then polling)')],
  [
    'url',
    buildOnly('Isomorphic modern/legacy/Node polyfill for WHATWG URL/URLSearchParams', 'URL and URLSearchParams are native in the targeted browsers and Node'),
  ],
  ['blaze-html-templates', refused('Compile HTML templates into reactive UI with Meteor Blaze', BLAZE)],
  ['blaze', refused('Meteor Reactive Templating library', BLAZE)],
  ['templating', refused('Allows templates to be defined in .html files', BLAZE)],
  ['spacebars', refused('Handlebars-like template language for Meteor', BLAZE)],
  ['accounts-ui', refused('Simple templates to add login widgets to an app', `${BLAZE}, and build the login form with Meteor.loginWithPassword`)],
  ['accounts-ui-unstyled', refused('Unstyled version of login widgets', `${BLAZE}, and build the login form with Meteor.loginWithPassword`)],
  ['blaze-hot', refused("Update files using Blaze's API with HMR", BLAZE)],
  ['jquery', refused('Manipulate the DOM using CSS selectors', 'install jquery from npm and import it where it is used (Perseid renders with React)')],
  ['http', refused('Make HTTP calls to remote servers', 'use fetch (meteor/fetch, or the global fetch)')],
  ['browser-policy', refused('Configure security policies enforced by the browser', 'Perseid sends its own Content-Security-Policy (see the README)')],
  ['browser-policy-common', refused('Common code for browser-policy packages', 'Perseid sends its own Content-Security-Policy (see the README)')],
  ['browser-policy-content', refused('Configure content security policies', 'Perseid sends its own Content-Security-Policy (see the README)')],
  ['browser-policy-framing', refused('Restrict which websites can frame your app', 'Perseid sends its own Content-Security-Policy (see the README)')],
  ['tinytest', refused('Tiny testing framework', TESTS)],
  ['test-helpers', refused('Utility functions for tests', TESTS)],
  ['tinytest-harness', refused('In development, lets your app define Tinytests, run them and see results', TESTS)],
  ['test-in-browser', refused('Run tests interactively in the browser', TESTS)],
  ['test-in-console', refused('Run tests noninteractively, with results going to the console.', TESTS)],
  ['test-server-tests-in-console-once', refused('Runs server-side tests once, with results going to the console', TESTS)],
  ['meteor-tool', refused('The Meteor command-line tool', TOOL)],
  ['package-version-parser', refused('Parses Meteor Smart Package version strings', TOOL)],
  ['constraint-solver', refused('Given the set of the constraints, picks a satisfying configuration', TOOL)],
  ['logic-solver', refused('General satisfiability solver for logic problems', 'install logic-solver from npm and import it where it is used')],
  ['sha', refused('SHA256 implementation', 'use crypto.subtle.digest("SHA-256", ...) or an npm package such as js-sha256')],
  ['base64', refused('Base64 encoding and decoding', 'use EJSON.newBinary with btoa/atob (or Buffer on the server)')],
  ['callback-hook', refused('Register callbacks on a hook', internal('hooks', 'keep a list of callbacks'))],
  ['mongo-id', refused('JS simulation of MongoDB ObjectIDs', internal('id helpers', 'use Mongo.ObjectID and Random.id()'))],
  ['id-map', refused('Dictionary data structure allowing non-string keys', internal('id maps', 'use a Map keyed by EJSON.stringify(id)'))],
  ['ordered-dict', refused('Ordered traversable dictionary with a mutable ordering', internal('ordered dictionaries', 'use a Map (it keeps insertion order)'))],
  ['diff-sequence', refused('An implementation of a diff algorithm on arrays and objects.', internal('diffing', 'observe cursors with observeChanges'))],
  ['retry', refused('Retry logic with exponential backoff.', internal('reconnection', 'Meteor.reconnect() and the DDP client retry by themselves'))],
  ['routepolicy', refused('route policy declarations', internal('routing', 'add routes with WebApp.handlers'))],
  [
    'allow-deny',
    refused(
      'Implements functionality for allow/deny and client-side db operations',
      internal('allow/deny', 'Mongo.Collection#allow and #deny are provided with mongo'),
    ),
  ],
  ['binary-heap', refused('Binary Heap datastructure implementation', internal('heaps', 'use an npm heap package'))],
  ['socket-stream-client', refused('Provides the ClientStream abstraction used by ddp-client', internal('DDP stream', 'use DDP.connect(url)'))],
  [
    'rate-limit',
    refused('An algorithm for rate limiting anything', internal('rate limiter', 'use DDPRateLimiter (ddp-rate-limiter) for methods and subscriptions')),
  ],
  ['geojson-utils', refused('GeoJSON utility functions (from https://github.com/maxogden/geojson-js-utils)', 'install geojson-utils from npm')],
  ['facts-base', refused('Publish internal app statistics', 'Perseid reports its state at /__perseid/health and in its logs')],
  ['facts-ui', refused('Display internal app statistics', 'Perseid reports its state at /__perseid/health and in its logs')],
  ['npm-mongo', refused('Wrapper around the mongo npm package', 'install mongodb from npm and import it where it is used')],
  ['mongo-decimal', refused('JS simulation of MongoDB Decimal128 type', 'Decimal128 values read through Mongo.Collection become JS numbers (see the README)')],
  [
    'reload-safetybelt',
    refused('Reload safety belt for multi-server deployments', 'Perseid serves a page and its scripts from one build, and reloads through meteor/reload'),
  ],
  ['less', refused('Leaner CSS language', 'install less from npm and import the .less files from a module: Vite compiles them')],
  ['coffeescript', refused('Javascript dialect with fewer braces and semicolons', 'CoffeeScript is not compiled by Perseid: compile it to JavaScript')],
  [
    'bundle-visualizer',
    refused('Meteor bundle analysis and visualization.', "inspect the bundle of meteor build with Vite's tools (e.g. rollup-plugin-visualizer)"),
  ],
  ['accounts-2fa', refused('Package used to enable two factor authentication through OTP protocol', OAUTH)],
  ['accounts-oauth', refused('Common code for OAuth-based login services', OAUTH)],
  ['accounts-google', refused('Login service for Google accounts', OAUTH)],
  ['accounts-github', refused('Login service for Github accounts', OAUTH)],
  ['accounts-facebook', refused('Login service for Facebook accounts', OAUTH)],
  ['accounts-twitter', refused('Login service for Twitter accounts', OAUTH)],
  ['accounts-meteor-developer', refused('Login service for Meteor developer accounts', OAUTH)],
  ['accounts-weibo', refused('Login service for Sina Weibo accounts', OAUTH)],
  ['oauth', refused('Common code for OAuth-based services', OAUTH)],
  ['oauth1', refused('Common code for OAuth1-based services', OAUTH)],
  ['oauth2', refused('Common code for OAuth2-based services', OAUTH)],
  ['service-configuration', refused('Manage the configuration for third-party services', OAUTH)],
  ['oauth-encryption', refused('Encrypt account secrets stored in the database', OAUTH)],
  ['accounts-meetup', refused('Login service for Meetup accounts', OAUTH)],
  ...['facebook', 'github', 'google', 'meetup', 'meteor-developer', 'twitter', 'weibo'].flatMap((service): [string, PackageKind][] => [
    [`${service}-oauth`, refused(`${service} OAuth flow`, OAUTH)],
    [`${service}-config-ui`, refused(`Blaze configuration templates for ${service} OAuth`, OAUTH)],
  ]),
]);

/** A package known by name (see KNOWN_PACKAGES) that the runtime accepts. */
export function isAccepted(kind: PackageKind | undefined): kind is Exclude<PackageKind, { kind: 'refused' }> {
  return kind !== undefined && kind.kind !== 'refused';
}

/** Why `name` cannot be used (refused or unknown), or undefined when it can. */
export function refusalOf(name: string): string | undefined {
  const kind = KNOWN_PACKAGES.get(name);
  if (isAccepted(kind)) return undefined;
  if (kind !== undefined) return `package "${name}" is not supported: ${kind.reason}`;
  if (name.includes(':')) {
    return `package "${name}" is not supported: Perseid provides Meteor's core packages only, not Atmosphere community packages; use an npm package instead`;
  }
  return `unknown package "${name}" (Perseid provides: ${providedNames().join(', ')})`;
}

/** `name` or `name@constraint` as a `.meteor/packages` line holds it; null when not a package entry. */
export function parsePackageEntry(entry: string): { name: string; constraint: string | undefined } | null {
  const at = entry.indexOf('@');
  const name = (at === -1 ? entry : entry.slice(0, at)).trim();
  const constraint = at === -1 ? undefined : entry.slice(at + 1).trim();
  if (!/^[a-z0-9:._-]+$/.test(name)) return null;
  if (constraint !== undefined && !/^=?\d[\w.+|= -]*$/.test(constraint)) return null;
  return { name, constraint };
}

export interface AppPackages {
  /** Package names in file order, versions stripped. */
  readonly names: readonly string[];
  readonly globals: readonly PackageGlobal[];
  /** Modules the server imports for their effect before the app (see PackageKind). */
  readonly serverModules: readonly string[];
  /** Whether hot code push is on (meteor-base, hot-code-push or autoupdate). */
  readonly autoupdate: boolean;
  /** Facade modules without globals that must be one instance on both sides (see PackageKind). */
  readonly sharedModules: readonly string[];
}

/**
 * Parses `.meteor/packages` text: one package per line, `#` comments, optional `@version`
 * constraints (ignored: the runtime is one version). Refused and unknown names fail with every
 * offending line listed, so a typo is found in one run.
 */
export function parseMeteorPackages(text: string, file = '.meteor/packages'): AppPackages {
  const names: string[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const entry = line.replace(/#.*/, '').trim();
    if (entry === '') return;
    const parsed = parsePackageEntry(entry);
    if (parsed === null) {
      problems.push(`${file}:${index + 1}: "${entry}" is not a package name`);
      return;
    }
    const refusal = refusalOf(parsed.name);
    if (refusal !== undefined) {
      problems.push(`${file}:${index + 1}: ${refusal}`);
      return;
    }
    if (!names.includes(parsed.name)) names.push(parsed.name);
  });
  if (problems.length > 0) throw new ToolError('packages.unknown', problems.join('\n'));
  const globals: PackageGlobal[] = [];
  const serverModules: string[] = [];
  const sharedModules: string[] = [];
  let autoupdate = false;
  for (const name of names) {
    const kind = KNOWN_PACKAGES.get(name);
    if (kind?.kind !== 'provided') continue;
    if (kind.autoupdate === true) autoupdate = true;
    for (const global of kind.globals) if (!globals.some((x) => x.name === global.name)) globals.push(global);
    for (const module of kind.serverModules ?? []) if (!serverModules.includes(module)) serverModules.push(module);
    for (const module of kind.sharedModules ?? []) if (!sharedModules.includes(module)) sharedModules.push(module);
  }
  return { names, globals, serverModules, autoupdate, sharedModules };
}

export function meteorPackagesFile(root: string): string {
  return join(root, '.meteor', 'packages');
}

export function readMeteorPackages(root: string): AppPackages {
  const file = meteorPackagesFile(root);
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
