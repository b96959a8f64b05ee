/**
 * The mobile half of `meteor build <dir> --server <url>`: one Cordova project per added platform
 * at `<dir>/<platform>/project`, its `www/application` holding the production client (the
 * `web.cordova` program) for the native hot-code-push plugin to serve, then the native build
 * where the toolchain exists (Android: `cordova build android`; iOS: the Xcode project only).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildRuntimeConfig, renderBoilerplate, withoutUserinfo } from '@perseid/webapp';
import type { RuntimeConfig } from '@perseid/webapp';
import type { BuiltClientPage } from '../server/built-client-page';
import { BUILT_PAGE_FILE } from '../server/built-client-page';
import { toPosix } from '../test-runner/find-files';
import { ToolError } from '../tool-error';
import { findAndroidToolchain } from './android-requirements';
import { inCordovaProject } from './cordova-lib';
import {
  addCordovaPlatform, copyOverride, CORDOVA_PLATFORM_VERSIONS, ensureCordovaProject, ensureWebAppPlugin, hasPlatform, messageOf, readAppId, WEBAPP_PLUGIN, writeProjectConfig,
} from './cordova-project';
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

/**
 * The Cordova compatibility version of a platform: a hash of the platform version and the
 * plugins, so a bundle needing other native code is never pushed to an older binary.
 * `METEOR_CORDOVA_COMPAT_VERSION_<PLATFORM>` overrides it, as in Meteor.
 */
export function cordovaCompatibilityVersion(platform: MobilePlatform, env: NodeJS.ProcessEnv): string {
  const override = env[`METEOR_CORDOVA_COMPAT_VERSION_${platform.toUpperCase()}`];
  if (override !== undefined && override !== '') return override;
  const plugins = { [WEBAPP_PLUGIN.id]: WEBAPP_PLUGIN.version };
  return createHash('sha1').update(JSON.stringify({ platform, version: CORDOVA_PLATFORM_VERSIONS[platform], plugins })).digest('hex');
}

/**
 * The URLs a mobile build talks to: `--server`, or `MOBILE_ROOT_URL` / `MOBILE_DDP_URL` when set.
 * They are written into a page every phone downloads, so userinfo (`user:pass@`) never goes in.
 */
export function mobileServerUrls(serverUrl: string, env: NodeJS.ProcessEnv): { rootUrl: string; ddpUrl: string } {
  const server = serverUrl.replace(/\/$/, '');
  const pick = (name: string): string => withoutUserinfo((env[name] ?? '') !== '' ? (env[name] as string) : server);
  return { rootUrl: pick('MOBILE_ROOT_URL'), ddpUrl: pick('MOBILE_DDP_URL') };
}

/** `www/application`: the client files, its index.html and program.json (the plugin's manifest). */
export function writeCordovaWww(wwwDir: string, options: Pick<MobileBuildOptions, 'serverUrl' | 'clientDir' | 'page' | 'settings' | 'env' | 'root'>): void {
  const { page, env } = options;
  const { rootUrl, ddpUrl } = mobileServerUrls(options.serverUrl, env);
  const app = join(wwwDir, 'application');
  rmSync(wwwDir, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  // public/ is part of the client program, as the server serves it to browsers; built files win.
  const publicDir = join(options.root, 'public');
  if (existsSync(publicDir)) cpSync(publicDir, app, { recursive: true });
  cpSync(options.clientDir, app, { recursive: true, filter: (src) => ![BUILT_PAGE_FILE, 'manifest.json'].includes(relative(options.clientDir, src)) });
  const runtime: RuntimeConfig & Record<string, unknown> = {
    ...buildRuntimeConfig({ rootUrl, settings: options.settings, nodeEnv: 'production', testMode: false, clientVersion: page.clientVersion }),
    DDP_DEFAULT_CONNECTION_URL: ddpUrl,
    appId: readAppId(options.root),
    autoupdateVersionCordova: page.clientVersion,
  };
  const html = renderBoilerplate(
    {
      head: page.head,
      body: page.body,
      bodyAttributes: page.bodyAttributes,
      stylesheets: page.stylesheets,
      scripts: page.scripts,
      // The plugin serves cordova.js from www/; as a classic script it runs before the deferred
      // module scripts, so `deviceready` has its listener machinery in place first.
      headExtra: '<script src="/cordova.js"></script>',
    },
    runtime,
    '',
  );
  writeFileSync(join(app, 'index.html'), html);
  writeFileSync(join(app, 'program.json'), `${JSON.stringify(programManifest(app, page.clientVersion, env), null, 2)}\n`);
}

interface ManifestEntry {
  readonly where: 'client' | 'internal';
  readonly path: string;
  readonly url?: string;
  readonly type: string;
  readonly cacheable: boolean;
  readonly hash: string;
  readonly size: number;
}

function programManifest(app: string, version: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const manifest: ManifestEntry[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) {
        walk(abs);
        continue;
      }
      const path = toPosix(relative(app, abs));
      if (path === 'program.json') continue;
      const bytes = readFileSync(abs);
      const hash = createHash('sha1').update(bytes).digest('hex');
      if (path === 'index.html') {
        manifest.push({ where: 'internal', path, type: 'html', cacheable: false, hash, size: bytes.length });
        continue;
      }
      const type = path.endsWith('.js') ? 'js' : path.endsWith('.css') ? 'css' : 'asset';
      manifest.push({ where: 'client', path, url: `/${path}`, type, cacheable: path.startsWith('assets/'), hash, size: bytes.length });
    }
  };
  walk(app);
  return {
    format: 'web-program-pre1',
    version,
    cordovaCompatibilityVersions: { android: cordovaCompatibilityVersion('android', env), ios: cordovaCompatibilityVersion('ios', env) },
    manifest,
  };
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
      log(process.platform === 'darwin'
        ? `   Open ${join(exported, 'platforms', 'ios', 'App.xcworkspace')} in Xcode to sign and archive the app.`
        : '   The iOS app is built with Xcode on macOS: copy this project to a Mac and open platforms/ios/App.xcworkspace.');
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
    await inCordovaProject(projectDir, log, (cordova) => cordova.build({ platforms: ['android'], options: { release: true, argv: [`--packageType=${packageType}`] } }));
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
