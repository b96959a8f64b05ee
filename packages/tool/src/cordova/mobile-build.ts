/**
 * The mobile half of `meteor build <dir> --server <url>`: one Cordova project per added platform
 * at `<dir>/<platform>/project`, its `www/application` holding the production client (the
 * `web.cordova` program) for the native hot-code-push plugin to serve, then the native build
 * where the toolchain exists (Android: `cordova build android`; iOS: the Xcode project only).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { publicSettingsOf } from '@perseid/webapp';
import type { BuiltClientPage } from '../server/built-client-page';
import { toPosix } from '../test-runner/find-files';
import { ToolError } from '../tool-error';
import { findAndroidToolchain } from './android-requirements';
import { inCordovaProject } from './cordova-lib';
import {
  addCordovaPlatform,
  copyOverride,
  ensureCordovaProject,
  ensureWebAppPlugin,
  hasPlatform,
  messageOf,
  readAppId,
  writeProjectConfig,
} from './cordova-project';
import { cordovaCompatibilityVersions, cordovaProgram, mobileServerUrls } from './cordova-program';
import type { MobileConfig } from './mobile-config';
import type { MobilePlatform } from './mobile-platforms';

export type AndroidPackageType = 'bundle' | 'apk';

export interface MobileBuildOptions {
  readonly root: string;
  readonly outDir: string;
  readonly serverUrl: string;
  readonly platforms: readonly MobilePlatform[];
  readonly config: MobileConfig;
  /** The production client already built for the server bundle (Vite output with page.json). */
  readonly clientDir: string;
  readonly page: BuiltClientPage;
  /** Settings (`--mobile-settings`, else `METEOR_SETTINGS`): their `public` part goes into the page. */
  readonly settings: unknown;
  readonly packageType: AndroidPackageType;
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
}

/** What was produced; `missing` lists the tools whose absence kept a native build from running. */
export interface MobileBuildResult {
  readonly projects: ReadonlyMap<MobilePlatform, string>;
  readonly missing: readonly string[];
}

export { cordovaCompatibilityVersion, mobileServerUrls } from './cordova-program';

/**
 * `www/application`: the `web.cordova` program (the client's files, public/, index.html with the
 * public settings) and its program.json, the manifest the plugin starts from.
 */
export function writeCordovaWww(wwwDir: string, options: Pick<MobileBuildOptions, 'serverUrl' | 'clientDir' | 'page' | 'settings' | 'env' | 'root'>): void {
  const { rootUrl, ddpUrl } = mobileServerUrls(options.serverUrl, options.env);
  const app = join(wwwDir, 'application');
  rmSync(wwwDir, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  const program = cordovaProgram({
    clientDir: options.clientDir,
    publicDir: join(options.root, 'public'),
    page: options.page,
    rootUrl,
    ddpUrl,
    publicSettings: publicSettingsOf(options.settings),
    appId: readAppId(options.root),
    compatibility: cordovaCompatibilityVersions(options.env),
    pinnedVersion: options.env['AUTOUPDATE_VERSION'],
  });
  for (const file of program.files) {
    mkdirSync(dirname(join(app, file.path)), { recursive: true });
    cpSync(file.absolutePath, join(app, file.path));
  }
  writeFileSync(join(app, 'index.html'), program.renderIndex(''));
  writeFileSync(join(app, 'program.json'), `${JSON.stringify(program.manifest, null, 2)}\n`);
}

/** Copies the Cordova project with only `platform` under platforms/ to `<outDir>/<platform>/project`. */
function exportProject(projectDir: string, outDir: string, platform: MobilePlatform): string {
  const target = join(outDir, platform, 'project');
  rmSync(join(outDir, platform), { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(projectDir, target, {
    recursive: true,
    filter: (src) => {
      const rel = toPosix(relative(projectDir, src));
      const [top, second] = rel.split('/');
      return !(top === 'platforms' && second !== undefined && second !== platform && !second.endsWith('.json'));
    },
  });
  return target;
}

export type PrepareOptions = Pick<MobileBuildOptions, 'root' | 'serverUrl' | 'platforms' | 'config' | 'clientDir' | 'page' | 'settings' | 'env' | 'log'>;

/**
 * The app's Cordova project in `.meteor/local/cordova-build`, brought up to date for `platforms`:
 * www from the `web.cordova` program, config.xml, the HCP plugin, the override, `cordova prepare`.
 */
export async function prepareCordovaProject(options: PrepareOptions): Promise<string> {
  const { root, config, log, platforms } = options;
  log('=> Preparing the Cordova project...');
  const projectDir = await ensureCordovaProject(root, config);
  for (const platform of platforms) if (!hasPlatform(projectDir, platform)) await addCordovaPlatform(projectDir, platform, log);
  writeCordovaWww(join(projectDir, 'www'), options);
  writeProjectConfig(root, projectDir, config, { serverUrl: options.serverUrl, withPlugin: true });
  await ensureWebAppPlugin(projectDir, config, log);
  if (copyOverride(root, projectDir)) log('   cordova-build-override/ copied over the project.');
  try {
    await inCordovaProject(projectDir, log, (cordova) => cordova.prepare({ platforms: [...platforms] }));
  } catch (error) {
    throw new ToolError('cordova.failed', `cordova prepare ${platforms.join(' ')} failed: ${messageOf(error)}`);
  }
  log(`   cordova prepare ${platforms.join(' ')}: done.`);
  return projectDir;
}

export async function buildMobile(options: MobileBuildOptions): Promise<MobileBuildResult> {
  const { log, platforms } = options;
  const projectDir = await prepareCordovaProject(options);

  const projects = new Map<MobilePlatform, string>();
  const missing: string[] = [];
  for (const platform of platforms) {
    const exported = exportProject(projectDir, options.outDir, platform);
    projects.set(platform, exported);
    log(`=> ${platform}: Cordova project written to ${exported}`);
    if (platform === 'ios') {
      log(
        process.platform === 'darwin'
          ? `   Open ${join(exported, 'platforms', 'ios', 'App.xcworkspace')} in Xcode to sign and archive the app.`
          : '   The iOS app is built with Xcode on macOS: copy this project to a Mac and open platforms/ios/App.xcworkspace.',
      );
      continue;
    }
    const toolchain = findAndroidToolchain(options.env);
    if (toolchain.missing.length > 0) {
      missing.push(...toolchain.missing);
      continue;
    }
    await buildAndroid(exported, join(options.outDir, 'android'), options.packageType, log);
  }
  return { projects, missing };
}

async function buildAndroid(projectDir: string, outDir: string, packageType: AndroidPackageType, log: (line: string) => void): Promise<void> {
  log(`=> android: cordova build android --release (${packageType})...`);
  try {
    await inCordovaProject(projectDir, log, (cordova) =>
      cordova.build({ platforms: ['android'], options: { release: true, argv: [`--packageType=${packageType}`] } }),
    );
  } catch (error) {
    throw new ToolError('cordova.failed', `cordova build android failed: ${messageOf(error)}`);
  }
  const outputs = join(projectDir, 'platforms', 'android', 'app', 'build', 'outputs', packageType === 'bundle' ? 'bundle' : 'apk', 'release');
  if (!existsSync(outputs)) throw new ToolError('cordova.failed', `cordova build android reported success but wrote nothing to ${outputs}.`);
  for (const file of readdirSync(outputs).filter((f) => f.endsWith('.aab') || f.endsWith('.apk'))) {
    cpSync(join(outputs, file), join(outDir, file));
    log(`   ${join(outDir, file)}`);
  }
}
