/**
 * cordova-plugin-meteor-webapp 2.0.4 adds its Swift bridging import with an after_plugin_install
 * hook that opens `platforms/ios/<app name>/Bridging-Header.h`; cordova-ios 8 keeps that file in
 * `platforms/ios/App/`, so the plugin's install (and adding iOS once the plugin is there) fails
 * with ENOENT. A project hook, which cordova-lib runs before the plugin's own hooks of the same
 * event, links `<app name>` to `App` so the import lands in the real header; the tool removes the
 * link after each Cordova call.
 */
import { lstatSync, mkdirSync, readdirSync, readlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A .js hook runs in cordova-lib's process through require() (other extensions are spawned), as
// CommonJS: cordova-create's package.json has no "type".
export const IOS_HEADER_HOOK = 'perseid-hooks/ios-bridging-header-alias.js';

const HOOK_SOURCE = `// Written by the meteor tool: see packages/tool/src/cordova/ios-bridging-header.ts.
const fs = require('fs');
const path = require('path');
module.exports = function (context) {
  const ios = path.join(context.opts.projectRoot, 'platforms', 'ios');
  if (!fs.existsSync(path.join(ios, 'App', 'Bridging-Header.h'))) return;
  const { ConfigParser } = context.requireCordovaModule('cordova-common');
  const name = new ConfigParser(path.join(context.opts.projectRoot, 'config.xml')).name();
  const alias = path.join(ios, name);
  if (name === 'App' || fs.existsSync(alias) || name.includes('/') || name.includes('\\\\')) return;
  fs.symlinkSync('App', alias, 'dir');
};
`;

export function writeIosHeaderHook(projectDir: string): void {
  mkdirSync(join(projectDir, 'perseid-hooks'), { recursive: true });
  writeFileSync(join(projectDir, IOS_HEADER_HOOK), HOOK_SOURCE);
}

/** Removes the links the hook made (a symlink to `App` directly under platforms/ios). */
export function removeIosHeaderAliases(projectDir: string): void {
  const ios = join(projectDir, 'platforms', 'ios');
  let names: string[];
  try {
    names = readdirSync(ios);
  } catch {
    return;
  }
  for (const name of names) {
    const entry = join(ios, name);
    if (lstatSync(entry).isSymbolicLink() && readlinkSync(entry) === 'App') unlinkSync(entry);
  }
}
