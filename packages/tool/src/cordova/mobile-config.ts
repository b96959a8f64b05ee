/**
 * `mobile-config.js`, Meteor's description of the mobile app, evaluated with only `App` and
 * `console` in scope. Every problem is reported as `<file>:<line>: <what>` so a developer finds
 * the offending call; image and resource paths are resolved against the app root and must exist.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Script, createContext } from 'node:vm';
import { ToolError } from '../tool-error';
import { isMobilePlatform, MOBILE_PLATFORMS } from './mobile-platforms';
import type { MobilePlatform } from './mobile-platforms';

export const MOBILE_CONFIG_FILE = 'mobile-config.js';

export interface AppInfo {
  id: string;
  name: string;
  version: string;
  description: string;
  author: string;
  email: string;
  website: string;
  buildNumber?: string;
}

export type AccessRuleType = 'network' | 'navigation' | 'intent';

export interface LaunchScreen {
  readonly src: string;
  readonly srcDarkMode?: string;
}

export interface MobileConfig {
  /** Absolute path of the file read, or undefined when the app has none (defaults only). */
  readonly file: string | undefined;
  readonly info: AppInfo;
  /** Icon key (Meteor's names, e.g. `android_xhdpi`, `iphone_2x`) → absolute image path. */
  readonly icons: ReadonlyMap<string, string>;
  readonly launchScreens: ReadonlyMap<string, LaunchScreen>;
  readonly preferences: readonly { readonly name: string; readonly value: string; readonly platform?: MobilePlatform }[];
  readonly accessRules: readonly { readonly pattern: string; readonly type: AccessRuleType; readonly launchExternal: boolean }[];
  readonly pluginConfig: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly appendedXml: readonly string[];
  readonly resourceFiles: readonly { readonly src: string; readonly target: string; readonly platform?: MobilePlatform }[];
}

/** Where an icon goes: iOS icons by pixel size, Android icons by density. */
export type IconSpec = { readonly platform: 'ios'; readonly size: number } | { readonly platform: 'android'; readonly density: string };

export const ICON_SPECS: Readonly<Record<string, IconSpec>> = {
  app_store: { platform: 'ios', size: 1024 },
  iphone_2x: { platform: 'ios', size: 120 },
  iphone_3x: { platform: 'ios', size: 180 },
  ipad: { platform: 'ios', size: 76 },
  ipad_2x: { platform: 'ios', size: 152 },
  ipad_pro: { platform: 'ios', size: 167 },
  ios_settings: { platform: 'ios', size: 29 },
  ios_settings_2x: { platform: 'ios', size: 58 },
  ios_settings_3x: { platform: 'ios', size: 87 },
  ios_spotlight: { platform: 'ios', size: 40 },
  ios_spotlight_2x: { platform: 'ios', size: 80 },
  ios_spotlight_3x: { platform: 'ios', size: 120 },
  ios_notification: { platform: 'ios', size: 20 },
  ios_notification_2x: { platform: 'ios', size: 40 },
  ios_notification_3x: { platform: 'ios', size: 60 },
  android_mdpi: { platform: 'android', density: 'mdpi' },
  android_hdpi: { platform: 'android', density: 'hdpi' },
  android_xhdpi: { platform: 'android', density: 'xhdpi' },
  android_xxhdpi: { platform: 'android', density: 'xxhdpi' },
  android_xxxhdpi: { platform: 'android', density: 'xxxhdpi' },
};

/**
 * Launch screens: iOS storyboard images named as Cordova expects them (the name selects the
 * size class; `~dark` marks the dark-mode variant), and Android 12+'s single splash icon.
 */
export const LAUNCH_SCREEN_SPECS: Readonly<Record<string, MobilePlatform>> = {
  ios_universal: 'ios',
  ios_universal_3x: 'ios',
  'Default@2x~universal~anyany': 'ios',
  'Default@2x~universal~comany': 'ios',
  'Default@2x~universal~comcom': 'ios',
  'Default@3x~universal~anyany': 'ios',
  'Default@3x~universal~anycom': 'ios',
  'Default@3x~universal~comany': 'ios',
  android: 'android',
};

const INFO_KEYS = ['id', 'name', 'version', 'description', 'author', 'email', 'website', 'buildNumber'] as const;
const ACCESS_TYPES: readonly AccessRuleType[] = ['network', 'navigation', 'intent'];

/** The message of a mistake made by the code in mobile-config.js (located by the caller). */
class MobileConfigMistake extends Error {}

function defaultInfo(appName: string, appId: string): AppInfo {
  const slug = appName.toLowerCase().replace(/[^a-z0-9]/g, '') || 'app';
  const idPart =
    appId
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 20) || 'meteor';
  return {
    id: `com.id${idPart}.${slug}`,
    name: appName,
    version: '0.0.1',
    description: 'New Meteor Mobile App',
    author: 'A Meteor Developer',
    email: 'n/a',
    website: 'n/a',
  };
}

/**
 * Reads and evaluates `<root>/mobile-config.js` (defaults when absent). `appName`/`appId`
 * provide Meteor's defaults for `App.info`.
 */
export function readMobileConfig(root: string, defaults: { appName: string; appId: string }): MobileConfig {
  const file = join(root, MOBILE_CONFIG_FILE);
  const info = defaultInfo(defaults.appName, defaults.appId);
  const icons = new Map<string, string>();
  const launchScreens = new Map<string, LaunchScreen>();
  const preferences: { name: string; value: string; platform?: MobilePlatform }[] = [];
  const accessRules: { pattern: string; type: AccessRuleType; launchExternal: boolean }[] = [];
  const pluginConfig = new Map<string, Record<string, string>>();
  const appendedXml: string[] = [];
  const resourceFiles: { src: string; target: string; platform?: MobilePlatform }[] = [];
  if (!existsSync(file)) return { file: undefined, info, icons, launchScreens, preferences, accessRules, pluginConfig, appendedXml, resourceFiles };

  const fail = (message: string): never => {
    throw new MobileConfigMistake(message);
  };
  const plainObject = (value: unknown, what: string): Record<string, unknown> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} expects an object.`);
    return value as Record<string, unknown>;
  };
  const nonEmptyString = (value: unknown, what: string): string => {
    if (typeof value !== 'string' || value === '') fail(`${what} must be a non-empty string.`);
    return value as string;
  };
  const existingFile = (value: unknown, what: string): string => {
    const rel = nonEmptyString(value, what);
    const abs = resolve(root, rel);
    if (!existsSync(abs) || !statSync(abs).isFile()) fail(`${what}: file "${rel}" does not exist (looked for ${abs}).`);
    return abs;
  };
  const optionalPlatform = (value: unknown, what: string): MobilePlatform | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !isMobilePlatform(value))
      fail(`${what}: platform must be one of ${MOBILE_PLATFORMS.join(', ')} (got ${JSON.stringify(value)}).`);
    return value as MobilePlatform;
  };

  const App = Object.freeze({
    info(options: unknown): void {
      const o = plainObject(options, 'App.info');
      for (const [key, value] of Object.entries(o)) {
        if (!(INFO_KEYS as readonly string[]).includes(key)) fail(`App.info: unknown key "${key}". Valid keys: ${INFO_KEYS.join(', ')}.`);
        const text = nonEmptyString(typeof value === 'number' ? String(value) : value, `App.info ${key}`);
        if (key === 'version' && !/^\d+(\.\d+){0,2}$/.test(text)) fail(`App.info version must look like 1.2.3 (got "${text}").`);
        if (key === 'id' && !/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/.test(text))
          fail(`App.info id must be a reverse-domain identifier such as org.example.app (got "${text}").`);
        if (key === 'buildNumber' && !/^\d+$/.test(text)) fail(`App.info buildNumber must be a whole number (got "${text}").`);
        info[key as (typeof INFO_KEYS)[number]] = text;
      }
    },
    icons(options: unknown): void {
      for (const [key, value] of Object.entries(plainObject(options, 'App.icons'))) {
        if (ICON_SPECS[key] === undefined) fail(`App.icons: unknown icon "${key}". Valid icons: ${Object.keys(ICON_SPECS).join(', ')}.`);
        icons.set(key, existingFile(value, `App.icons ${key}`));
      }
    },
    launchScreens(options: unknown): void {
      for (const [key, value] of Object.entries(plainObject(options, 'App.launchScreens'))) {
        if (LAUNCH_SCREEN_SPECS[key] === undefined)
          fail(`App.launchScreens: unknown launch screen "${key}". Valid launch screens: ${Object.keys(LAUNCH_SCREEN_SPECS).join(', ')}.`);
        if (typeof value === 'object' && value !== null) {
          const v = value as Record<string, unknown>;
          const src = existingFile(v['src'], `App.launchScreens ${key}.src`);
          launchScreens.set(
            key,
            v['srcDarkMode'] === undefined ? { src } : { src, srcDarkMode: existingFile(v['srcDarkMode'], `App.launchScreens ${key}.srcDarkMode`) },
          );
        } else {
          launchScreens.set(key, { src: existingFile(value, `App.launchScreens ${key}`) });
        }
      }
    },
    setPreference(name: unknown, value: unknown, platform?: unknown): void {
      const n = nonEmptyString(name, 'App.setPreference name');
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        fail(`App.setPreference("${n}"): the value must be a string, number or boolean.`);
      const p = optionalPlatform(platform, `App.setPreference("${n}")`);
      preferences.push(p === undefined ? { name: n, value: String(value) } : { name: n, value: String(value), platform: p });
    },
    accessRule(pattern: unknown, options?: unknown): void {
      const p = nonEmptyString(pattern, 'App.accessRule pattern');
      const o = options === undefined ? {} : plainObject(options, 'App.accessRule options');
      const type = o['type'] ?? 'network';
      if (typeof type !== 'string' || !(ACCESS_TYPES as readonly string[]).includes(type))
        fail(`App.accessRule("${p}"): type must be one of ${ACCESS_TYPES.join(', ')} (got ${JSON.stringify(type)}).`);
      accessRules.push({ pattern: p, type: type as AccessRuleType, launchExternal: o['launchExternal'] === true });
    },
    configurePlugin(id: unknown, config: unknown): void {
      const pluginId = nonEmptyString(id, 'App.configurePlugin id');
      const vars: Record<string, string> = {};
      for (const [k, v] of Object.entries(plainObject(config, `App.configurePlugin("${pluginId}")`))) {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
          fail(`App.configurePlugin("${pluginId}"): variable ${k} must be a string, number or boolean.`);
        vars[k] = String(v);
      }
      pluginConfig.set(pluginId, { ...pluginConfig.get(pluginId), ...vars });
    },
    appendToConfig(xml: unknown): void {
      appendedXml.push(nonEmptyString(xml, 'App.appendToConfig'));
    },
    addResourceFile(src: unknown, target: unknown, platform?: unknown): void {
      const abs = existingFile(src, 'App.addResourceFile');
      const t = nonEmptyString(target, 'App.addResourceFile target');
      if (t.split(/[\\/]/).includes('..') || t.startsWith('/')) fail(`App.addResourceFile target must stay inside the platform project (got "${t}").`);
      const p = optionalPlatform(platform, 'App.addResourceFile');
      resourceFiles.push(p === undefined ? { src: abs, target: t } : { src: abs, target: t, platform: p });
    },
  });

  const source = readFileSync(file, 'utf8');
  try {
    const script = new Script(source, { filename: file });
    script.runInContext(createContext({ App, console }), { timeout: 5_000 });
  } catch (error) {
    throw new ToolError('mobileConfig.invalid', `${locate(error, file)}: ${describe(error)}`);
  }
  return { file, info, icons, launchScreens, preferences, accessRules, pluginConfig, appendedXml, resourceFiles };
}

/** `<file>:<line>` of the error's position in mobile-config.js (the file alone if unknown). */
function locate(error: unknown, file: string): string {
  const stack = error instanceof Error || (typeof error === 'object' && error !== null && 'stack' in error) ? String((error as { stack?: unknown }).stack) : '';
  // A syntax error's stack starts with "<file>:<line>"; a thrown one has "at ... (<file>:<line>:<col>)".
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+)`).exec(stack);
  return match === null ? file : `${file}:${match[1]}`;
}

function describe(error: unknown): string {
  if (error instanceof MobileConfigMistake) return error.message;
  if (typeof error === 'object' && error !== null && 'name' in error && 'message' in error) return `${String(error.name)}: ${String(error.message)}`;
  return String(error);
}
