import assert from 'node:assert/strict';
import type { ToolError } from '../tool-error';
import { parseMeteorPackages } from './meteor-packages';

describe('.meteor/packages', () => {
  it('accepts Meteor core names with versions and comments, enabling globals of provided packages', () => {
    const parsed = parseMeteorPackages(['# comment', 'meteor-base@1.5.2   # core', '', 'mongo', 'check', 'typescript', 'standard-minifier-js@3.0.0', 'mongo'].join('\n'));
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

  it('rejects unknown packages with file, line and name, listing every offender', () => {
    assert.throws(
      () => parseMeteorPackages('meteor-base\nblaze-html-templates\nmongo\niron:router', '/app/.meteor/packages'),
      (error: ToolError) =>
        error.code === 'packages.unknown' &&
        /\/app\/\.meteor\/packages:2: unknown package "blaze-html-templates"/.test(error.message) &&
        /:4: unknown package "iron:router"/.test(error.message),
    );
  });

  it('rejects a line that is not a package name', () => {
    assert.throws(() => parseMeteorPackages('mongo, tracker'), /"mongo, tracker" is not a package name/);
  });
});
