/**
 * The app's Cordova project in `.meteor/local/cordova-build`, as Meteor keeps it: created with
 * cordova-lib's create, config.xml generated from mobile-config.js, platforms added at the pinned
 * versions, `cordova-build-override/` copied over it last.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { readAppConfig } from '../app/app-config';
import { ToolError } from '../tool-error';
import { renderConfigXml } from './config-xml';
import { cordovaCreate, inCordovaProject } from './cordova-lib';
import { IOS_HEADER_HOOK, removeIosHeaderAliases, writeIosHeaderHook } from './ios-bridging-header';
import type { MobileConfig } from './mobile-config';
import { readMobileConfig } from './mobile-config';
import type { MobilePlatform } from './mobile-platforms';
import { readMobilePlatforms } from './mobile-platforms';

/** Platform versions added to the project (the same as the root devDependencies). */
export const CORDOVA_PLATFORM_VERSIONS: Readonly<Record<MobilePlatform, string>> = { android: '15.1.0', ios: '8.1.1' };
/** The native hot-code-push plugin and its pinned version. */
export const WEBAPP_PLUGIN = { id: 'cordova-plugin-meteor-webapp', version: '2.0.4' } as const;

export const OVERRIDE_DIR = 'cordova-build-override';

export function cordovaProjectDir(root: string): string {
  return join(root, '.meteor', 'local', 'cordova-build');
}

/** The app id from `.meteor/.id` (its last non-comment line), or the app name when absent. */
export function readAppId(root: string): string {
  try {
    const lines = readFileSync(join(root, '.meteor', '.id'), 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    const id = lines.at(-1);
    if (id !== undefined) return id;
  } catch {
    // No .id: fall back below.
  }
  return readAppConfig(root).name;
}

/** The plugin's local server port, derived from the app id as Meteor does (12000–12999). */
export function localServerPort(appId: string): number {
  const n = parseInt(appId, 36);
  return 12000 + (Number.isFinite(n) ? Math.abs(n) % 1000 : 0);
}

/**
 * The origins a Cordova build of this app loads its page from: the HCP plugin serves www from
 * `http://localhost:<localServerPort>` on both Android and iOS. The server lets WebSockets from
 * them in (its origin check would refuse the phone otherwise); none without a mobile platform.
 */
export function cordovaAppOrigins(root: string): string[] {
  return readMobilePlatforms(root).length === 0 ? [] : [`http://localhost:${localServerPort(readAppId(root))}`];
}

export function loadMobileConfig(root: string): MobileConfig {
  return readMobileConfig(root, { appName: readAppConfig(root).name, appId: readAppId(root) });
}

const IOS_LAUNCH_NAMES: Readonly<Record<string, string>> = { ios_universal: 'Default@2x~universal~anyany', ios_universal_3x: 'Default@3x~universal~anyany' };

function imagePath(kind: 'icon' | 'launch' | 'launchDark', key: string, source: string): string {
  const ext = extname(source) || '.png';
  if (kind === 'icon') return `resources/icons/${key}${ext}`;
  const base = key === 'android' ? 'android' : (IOS_LAUNCH_NAMES[key] ?? key);
  return `resources/splash/${base}${kind === 'launchDark' ? (key === 'android' ? '-night' : '~dark') : ''}${ext}`;
}

/** Copies images and resource files into the project and writes config.xml. */
export function writeProjectConfig(root: string, projectDir: string, config: MobileConfig, options: { serverUrl?: string; withPlugin: boolean }): void {
  rmSync(join(projectDir, 'resources'), { recursive: true, force: true });
  const copy = (from: string, rel: string): string => {
    const to = join(projectDir, rel);
    mkdirSync(join(to, '..'), { recursive: true });
    cpSync(from, to);
    return rel;
  };
  const images = new Map<string, string>();
  for (const [key, src] of config.icons) images.set(`icon:${key}`, copy(src, imagePath('icon', key, src)));
  for (const [key, screen] of config.launchScreens) {
    images.set(`launch:${key}`, copy(screen.src, imagePath('launch', key, screen.src)));
    if (screen.srcDarkMode !== undefined) images.set(`launchDark:${key}`, copy(screen.srcDarkMode, imagePath('launchDark', key, screen.srcDarkMode)));
  }
  writeIosHeaderHook(projectDir);
  const resources = config.resourceFiles.map((file, index) => copy(file.src, `resources/files/${index}-${file.src.split(/[\\/]/).at(-1) ?? 'file'}`));
  const xml = renderConfigXml(config, {
    localServerPort: localServerPort(readAppId(root)),
    ...(options.serverUrl === undefined ? {} : { serverUrl: options.serverUrl }),
    plugins: options.withPlugin ? new Map([[WEBAPP_PLUGIN.id, WEBAPP_PLUGIN.version]]) : new Map(),
    imagePath: (kind, key) => images.get(`${kind}:${key}`) ?? '',
    resourcePath: (index) => resources[index] ?? '',
    hooks: new Map([['after_plugin_install', IOS_HEADER_HOOK]]),
  });
  writeFileSync(join(projectDir, 'config.xml'), xml);
}

/**
 * The project's app id: cordova-create names the project's package.json after it. A project made
 * for another id is made anew, because cordova-android 15 cannot move MainActivity to a new
 * package on prepare ("No Java files found that extend CordovaActivity").
 */
function projectAppId(dir: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return typeof pkg.name === 'string' ? pkg.name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates the project when missing or made for another app id (cordova-lib create, without the
 * template's sample www). The caller adds the platforms it needs afterwards.
 */
export async function ensureCordovaProject(root: string, config: MobileConfig): Promise<string> {
  const dir = cordovaProjectDir(root);
  if (!existsSync(join(dir, 'config.xml')) || projectAppId(dir) !== config.info.id) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, '..'), { recursive: true });
    try {
      await cordovaCreate()(dir, { id: config.info.id, name: config.info.name });
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw new ToolError('cordova.failed', `Creating the Cordova project in ${dir} failed: ${messageOf(error)}`);
    }
    rmSync(join(dir, 'www'), { recursive: true, force: true });
    mkdirSync(join(dir, 'www'));
  }
  return dir;
}

export function hasPlatform(projectDir: string, platform: MobilePlatform): boolean {
  return existsSync(join(projectDir, 'platforms', platform));
}

export async function addCordovaPlatform(projectDir: string, platform: MobilePlatform, warn: (line: string) => void): Promise<void> {
  const spec = `${platform}@${CORDOVA_PLATFORM_VERSIONS[platform]}`;
  try {
    await inCordovaProject(projectDir, warn, (cordova) => cordova.platform('add', [spec], { save: false }));
  } catch (error) {
    // No half-added platform is left behind; a failed clean-up must not hide why the add failed.
    try {
      rmSync(join(projectDir, 'platforms', platform), { recursive: true, force: true });
    } catch {
      // Reported below through the add's own error.
    }
    throw new ToolError('cordova.failed', `Adding the Cordova platform ${spec} failed: ${messageOf(error)}`);
  } finally {
    removeIosHeaderAliases(projectDir);
  }
}

export async function removeCordovaPlatform(projectDir: string, platform: MobilePlatform, warn: (line: string) => void): Promise<void> {
  if (!hasPlatform(projectDir, platform)) return;
  try {
    await inCordovaProject(projectDir, warn, (cordova) => cordova.platform('remove', [platform], { save: false }));
  } catch (error) {
    throw new ToolError('cordova.failed', `Removing the Cordova platform ${platform} failed: ${messageOf(error)}`);
  }
}

/** Installs the hot-code-push plugin unless it is there already. */
export async function ensureWebAppPlugin(projectDir: string, config: MobileConfig, warn: (line: string) => void): Promise<void> {
  if (existsSync(join(projectDir, 'plugins', WEBAPP_PLUGIN.id, 'plugin.xml'))) return;
  const spec = `${WEBAPP_PLUGIN.id}@${WEBAPP_PLUGIN.version}`;
  try {
    await inCordovaProject(projectDir, warn, (cordova) =>
      cordova.plugin('add', [spec], { save: false, cli_variables: { ...config.pluginConfig.get(WEBAPP_PLUGIN.id) } }),
    );
  } catch (error) {
    throw new ToolError('cordova.failed', `Installing the Cordova plugin ${spec} failed: ${messageOf(error)}`);
  } finally {
    removeIosHeaderAliases(projectDir);
  }
}

/** Copies `<app>/cordova-build-override/` over the project, last, as Meteor does. */
export function copyOverride(root: string, projectDir: string): boolean {
  const source = join(root, OVERRIDE_DIR);
  if (!existsSync(source)) return false;
  cpSync(source, projectDir, { recursive: true });
  return true;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
