import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ToolError } from '../tool-error';

/** The Cordova platforms `meteor add-platform` accepts, as Meteor has them. */
export const MOBILE_PLATFORMS = ['android', 'ios'] as const;
export type MobilePlatform = (typeof MOBILE_PLATFORMS)[number];

/** Every app has these two in `.meteor/platforms`; they are never added or removed. */
const DEFAULT_PLATFORMS = ['server', 'browser'] as const;

export function isMobilePlatform(name: string): name is MobilePlatform {
  return (MOBILE_PLATFORMS as readonly string[]).includes(name);
}

/** Checks command arguments: at least one, each a known mobile platform (usage errors, exit 2). */
export function parsePlatformArgs(verb: string, names: readonly string[]): MobilePlatform[] {
  if (names.length === 0) throw new ToolError('usage.missingValue', `meteor ${verb} needs a platform: ${MOBILE_PLATFORMS.join(' or ')}.`);
  const out: MobilePlatform[] = [];
  for (const name of names) {
    if (!isMobilePlatform(name)) {
      throw new ToolError('usage.badValue', `Unknown platform "${name}". Valid platforms: ${MOBILE_PLATFORMS.join(', ')}.`);
    }
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

function platformsFile(root: string): string {
  return join(root, '.meteor', 'platforms');
}

/** The lines of `.meteor/platforms` (server and browser when the file is absent). */
export function readPlatformsFile(root: string): string[] {
  let text: string;
  try {
    text = readFileSync(platformsFile(root), 'utf8');
  } catch {
    return [...DEFAULT_PLATFORMS];
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** The mobile platforms listed in `.meteor/platforms`, in file order. */
export function readMobilePlatforms(root: string): MobilePlatform[] {
  return readPlatformsFile(root).filter(isMobilePlatform);
}

/** Rewrites `.meteor/platforms` with the defaults plus `mobile`, in MOBILE_PLATFORMS order. */
export function writeMobilePlatforms(root: string, mobile: readonly MobilePlatform[]): void {
  const others = readPlatformsFile(root).filter((p) => !isMobilePlatform(p) && !(DEFAULT_PLATFORMS as readonly string[]).includes(p));
  const lines = [...DEFAULT_PLATFORMS, ...others, ...MOBILE_PLATFORMS.filter((p) => mobile.includes(p))];
  writeFileSync(platformsFile(root), `${lines.join('\n')}\n`);
}
