import assert from 'node:assert/strict';
import type { ToolError } from '../tool-error';
import { parseMeteorPackages } from './meteor-packages';

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
