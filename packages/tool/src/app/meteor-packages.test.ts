import assert from 'node:assert/strict';
import type { ToolError } from '../tool-error';
import { KNOWN_PACKAGES, parseMeteorPackages, refusalOf } from './meteor-packages';

/** Every package directory of Meteor 3's repository (packages/, not deprecated/ or non-core/). */
const METEOR3_CORE_PACKAGES = [
  ...['accounts-2fa', 'accounts-base', 'accounts-facebook', 'accounts-github', 'accounts-google', 'accounts-meetup'],
  ...['accounts-meteor-developer', 'accounts-oauth', 'accounts-password', 'accounts-passwordless', 'accounts-twitter'],
  ...['accounts-ui', 'accounts-ui-unstyled', 'accounts-weibo', 'allow-deny', 'audit-argument-checks', 'autopublish'],
  ...['autoupdate', 'babel-compiler', 'babel-runtime', 'base64', 'binary-heap', 'boilerplate-generator', 'browser-policy'],
  ...['browser-policy-common', 'browser-policy-content', 'browser-policy-framing', 'caching-compiler', 'callback-hook'],
  ...['check', 'constraint-solver', 'core-runtime', 'ddp', 'ddp-client', 'ddp-common', 'ddp-rate-limiter', 'ddp-server'],
  ...['dev-error-overlay', 'diff-sequence', 'disable-oplog', 'dynamic-import', 'ecmascript', 'ecmascript-runtime'],
  ...['ecmascript-runtime-client', 'ecmascript-runtime-server', 'ejson', 'email', 'es5-shim', 'facebook-config-ui'],
  ...['facebook-oauth', 'facts-base', 'facts-ui', 'fetch', 'force-ssl', 'force-ssl-common', 'geojson-utils'],
  ...['github-config-ui', 'github-oauth', 'google-config-ui', 'google-oauth', 'hot-code-push', 'hot-module-replacement'],
  ...['id-map', 'insecure', 'inter-process-messaging', 'launch-screen', 'localstorage', 'logging', 'logic-solver'],
  ...['meetup-config-ui', 'meetup-oauth', 'meteor', 'meteor-base', 'meteor-developer-config-ui', 'meteor-developer-oauth'],
  ...['meteor-tool', 'minifier-css', 'minifier-js', 'minimongo', 'mobile-experience', 'mobile-status-bar', 'modern-browsers'],
  ...['modules', 'modules-runtime', 'modules-runtime-hot', 'mongo', 'mongo-dev-server', 'mongo-id', 'mongo-livedata'],
  ...['npm-mongo', 'oauth', 'oauth-encryption', 'oauth1', 'oauth2', 'ordered-dict', 'package-stats-opt-out'],
  ...['package-version-parser', 'promise', 'random', 'rate-limit', 'react-fast-refresh', 'reactive-dict', 'reactive-var'],
  ...['reload', 'reload-safetybelt', 'retry', 'routepolicy', 'rspack', 'server-render', 'service-configuration', 'session'],
  ...['sha', 'shell-server', 'socket-stream-client', 'standard-minifier-css', 'standard-minifier-js', 'standard-minifiers'],
  ...['static-html', 'static-html-tools', 'test-helpers', 'test-in-browser', 'test-in-console', 'test-server-tests-in-console-once'],
  ...['tinytest', 'tinytest-harness', 'tracker', 'twitter-config-ui', 'twitter-oauth', 'typescript', 'underscore', 'url'],
  ...['webapp', 'webapp-hashing', 'weibo-config-ui', 'weibo-oauth'],
];

describe('.meteor/packages', () => {
  it('accepts Meteor core names with versions and comments, enabling globals of provided packages', () => {
    const parsed = parseMeteorPackages(
      ['# comment', 'meteor-base@1.5.2   # core', '', 'mongo', 'check', 'typescript', 'standard-minifier-js@3.0.0', 'mongo'].join('\n'),
    );
    assert.deepEqual(parsed.names, ['meteor-base', 'mongo', 'check', 'typescript', 'standard-minifier-js']);
    const globals = parsed.globals.map((g) => g.name);
    assert.deepEqual(globals, ['Meteor', 'WebApp', 'DDP', 'Mongo', 'check', 'Match']);
    assert.equal(parsed.globals.find((g) => g.name === 'WebApp')?.side, 'server');
  });

  it('accepts build-only packages as no-ops (no globals)', () => {
    const parsed = parseMeteorPackages('ecmascript\ntypescript\nhot-module-replacement\nmobile-experience\nes5-shim\nshell-server\nstandard-minifier-css');
    assert.equal(parsed.names.length, 7);
    assert.deepEqual(parsed.globals, []);
  });

  it('accepts audit-argument-checks, whose server module switches the audit on before the app loads', () => {
    assert.deepEqual(parseMeteorPackages('mongo\ncheck').serverModules, []);
    const parsed = parseMeteorPackages('mongo\ncheck\naudit-argument-checks');
    assert.deepEqual(parsed.serverModules, ['meteor/audit-argument-checks']);
  });

  it('meteor-base brings hot code push: the versions publication on the server, autoupdate in the client entry', () => {
    const base = parseMeteorPackages('meteor-base\ncheck');
    assert.deepEqual([base.serverModules, base.autoupdate], [['meteor/autoupdate'], true]);
    assert.equal(parseMeteorPackages('mongo\ncheck').autoupdate, false);
  });

  it('accepts every name of Meteor 3 core app package lists (skeletons, examples)', () => {
    const names = [
      'meteor-base',
      'mobile-experience',
      'mongo',
      'reactive-var',
      'tracker',
      'standard-minifier-css',
      'standard-minifier-js',
      'es5-shim',
      'ecmascript',
      'typescript',
      'shell-server',
      'hot-module-replacement',
      'static-html',
      'react-meteor-data',
      'rspack',
      'check',
      'random',
      'ejson',
      'insecure',
      'autopublish',
      'email',
      'server-render',
      'accounts-passwordless',
      'reload',
      'underscore',
      'session',
      'fetch',
      'ddp-rate-limiter',
      'accounts-password',
      'accounts-base',
      'reactive-dict',
      'audit-argument-checks',
      'autoupdate',
      'hot-code-push',
      'logging',
      'ddp-common',
    ];
    const parsed = parseMeteorPackages(names.map((n) => `${n}@1.0.0`).join('\n'));
    assert.deepEqual(parsed.names, names);
    assert.deepEqual(parsed.serverModules, [
      'meteor/autoupdate',
      'meteor/insecure',
      'meteor/autopublish',
      'meteor/accounts-passwordless',
      'meteor/audit-argument-checks',
    ]);
    const globals = parsed.globals.map((x) => x.name);
    for (const name of ['Session', '_', 'Email', 'Accounts', 'Log', 'DDPCommon']) assert.ok(globals.includes(name), name);
  });

  it("knows every name of Meteor 3's core package list: each one runs, is a no-op, or is refused with its reason", () => {
    const unknown = METEOR3_CORE_PACKAGES.filter((name) => !KNOWN_PACKAGES.has(name));
    assert.deepEqual(unknown, []);
    for (const name of METEOR3_CORE_PACKAGES) {
      const refusal = refusalOf(name);
      if (refusal !== undefined) assert.match(refusal, new RegExp(`^package "${name}" is not supported: \\S`), name);
    }
  });

  it('accepts force-ssl (its server module redirects to HTTPS), localstorage, disable-oplog, url and mongo-livedata', () => {
    const parsed = parseMeteorPackages('mongo-livedata\nlocalstorage\nforce-ssl\ndisable-oplog\nurl\ncore-runtime');
    assert.deepEqual(parsed.serverModules, ['meteor/force-ssl']);
    assert.deepEqual(
      parsed.globals.map((x) => x.name),
      ['Mongo'],
    );
  });

  it('refuses Blaze packages with the reason, Atmosphere community packages as unsupported, and unknown names', () => {
    assert.throws(
      () => parseMeteorPackages('meteor-base\nblaze-html-templates\nmongo\niron:router\nquave:collections@2.0.0\nno-such-thing', '/app/.meteor/packages'),
      (error: ToolError) =>
        error.code === 'packages.unknown' &&
        /\/app\/\.meteor\/packages:2: package "blaze-html-templates" is not supported: Blaze templates are not supported by Perseid/.test(error.message) &&
        /:4: package "iron:router" is not supported: Perseid provides Meteor's core packages only, not Atmosphere community packages/.test(error.message) &&
        /:5: package "quave:collections" is not supported/.test(error.message) &&
        /:6: unknown package "no-such-thing" \(Perseid provides: meteor-base, /.test(error.message),
    );
    assert.throws(
      () => parseMeteorPackages('http\naccounts-google\njquery'),
      (error: ToolError) =>
        /:1: package "http" is not supported: use fetch/.test(error.message) &&
        /:2: package "accounts-google" is not supported: OAuth login services/.test(error.message) &&
        /:3: package "jquery" is not supported: install jquery from npm/.test(error.message),
    );
  });

  it('rejects a line that is not a package name', () => {
    assert.throws(() => parseMeteorPackages('mongo, tracker'), /"mongo, tracker" is not a package name/);
  });
});
