/**
 * `config.xml` of the Cordova project, generated from mobile-config.js. Every value the app
 * supplies is escaped; only `App.appendToConfig` markup is inserted as given (it is XML by
 * contract, as in Meteor).
 */
import type { MobileConfig } from './mobile-config';
import { ICON_SPECS, LAUNCH_SCREEN_SPECS } from './mobile-config';
import type { MobilePlatform } from './mobile-platforms';
import { MOBILE_PLATFORMS } from './mobile-platforms';

export interface ConfigXmlOptions {
  /** Port of the plugin's local web server inside the app (the page is served from it). */
  readonly localServerPort: number;
  /** The app's server (`--server`), allowed for network access and navigation; none for add-platform. */
  readonly serverUrl?: string;
  /** Installed plugins with their spec, e.g. cordova-plugin-meteor-webapp → 2.0.4. */
  readonly plugins: ReadonlyMap<string, string>;
  /** Project-relative path of each copied image, keyed like MobileConfig icons / launch screens. */
  readonly imagePath: (kind: 'icon' | 'launch' | 'launchDark', key: string) => string;
  /** Project-relative path of each copied resource file, by index in MobileConfig.resourceFiles. */
  readonly resourcePath: (index: number) => string;
  /** Project hooks the tool installs: event → project-relative script. */
  readonly hooks?: ReadonlyMap<string, string>;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are the ones XML 1.0 forbids
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(value: string): string {
  // Characters XML 1.0 forbids cannot be escaped; drop them rather than write an invalid file.
  return value.replace(XML_FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function attrs(values: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(values)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
}

/** Preferences every Meteor Cordova app gets before the app's own (which may override them). */
function basePreferences(localServerPort: number): { name: string; value: string }[] {
  return [
    { name: 'WebAppStartupTimeout', value: '20000' },
    { name: 'WebAppLocalServerPort', value: String(localServerPort) },
    { name: 'AndroidXEnabled', value: 'true' },
    { name: 'hostname', value: `localhost:${localServerPort}` },
  ];
}

export function renderConfigXml(config: MobileConfig, options: ConfigXmlOptions): string {
  const { info } = config;
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<widget${attrs({
      id: info.id,
      version: info.version,
      'android-versionCode': info.buildNumber,
      'ios-CFBundleVersion': info.buildNumber,
      xmlns: 'http://www.w3.org/ns/widgets',
      'xmlns:cdv': 'http://cordova.apache.org/ns/1.0',
      'xmlns:android': 'http://schemas.android.com/apk/res/android',
    })}>`,
  );
  lines.push(`  <name>${escapeXml(info.name)}</name>`);
  lines.push(`  <description>${escapeXml(info.description)}</description>`);
  lines.push(`  <author${attrs({ email: info.email, href: info.website })}>${escapeXml(info.author)}</author>`);
  lines.push(`  <content${attrs({ src: `http://localhost:${options.localServerPort}/` })} />`);

  // Later preferences win in Cordova, so the app's own come after the defaults.
  const global = [...basePreferences(options.localServerPort), ...config.preferences.filter((p) => p.platform === undefined)];
  for (const p of global) lines.push(`  <preference${attrs({ name: p.name, value: p.value })} />`);

  lines.push(`  <allow-navigation${attrs({ href: `http://localhost:${options.localServerPort}/*` })} />`);
  if (options.serverUrl !== undefined) {
    const origin = new URL(options.serverUrl).origin;
    lines.push(`  <access${attrs({ origin: `${origin}/*` })} />`);
    lines.push(`  <allow-navigation${attrs({ href: `${origin}/*` })} />`);
  }
  for (const rule of config.accessRules) {
    if (rule.type === 'intent') lines.push(`  <allow-intent${attrs({ href: rule.pattern })} />`);
    else if (rule.type === 'navigation') lines.push(`  <allow-navigation${attrs({ href: rule.pattern })} />`);
    else lines.push(`  <access${attrs({ origin: rule.pattern, 'launch-external': rule.launchExternal ? 'yes' : undefined })} />`);
  }

  for (const [id, spec] of options.plugins) {
    const vars = config.pluginConfig.get(id) ?? {};
    const entries = Object.entries(vars);
    if (entries.length === 0) {
      lines.push(`  <plugin${attrs({ name: id, spec })} />`);
      continue;
    }
    lines.push(`  <plugin${attrs({ name: id, spec })}>`);
    for (const [name, value] of entries) lines.push(`    <variable${attrs({ name, value })} />`);
    lines.push('  </plugin>');
  }

  for (const [type, src] of options.hooks ?? []) lines.push(`  <hook${attrs({ type, src })} />`);
  for (const platform of MOBILE_PLATFORMS) lines.push(...platformSection(platform, config, options));
  for (const xml of config.appendedXml) lines.push(xml);
  lines.push('</widget>', '');
  return lines.join('\n');
}

function platformSection(platform: MobilePlatform, config: MobileConfig, options: ConfigXmlOptions): string[] {
  const out: string[] = [];
  for (const p of config.preferences) if (p.platform === platform) out.push(`    <preference${attrs({ name: p.name, value: p.value })} />`);
  for (const key of config.icons.keys()) {
    const spec = ICON_SPECS[key];
    if (spec === undefined || spec.platform !== platform) continue;
    const src = options.imagePath('icon', key);
    if (spec.platform === 'ios') out.push(`    <icon${attrs({ src, width: String(spec.size), height: String(spec.size) })} />`);
    else out.push(`    <icon${attrs({ src, density: spec.density })} />`);
  }
  for (const [key, screen] of config.launchScreens) {
    if (LAUNCH_SCREEN_SPECS[key] !== platform) continue;
    if (platform === 'android') {
      out.push(`    <preference${attrs({ name: 'AndroidWindowSplashScreenAnimatedIcon', value: options.imagePath('launch', key) })} />`);
      if (screen.srcDarkMode !== undefined) {
        out.push(
          `    <resource-file${attrs({ src: options.imagePath('launchDark', key), target: 'app/src/main/res/drawable-night/ic_cdv_splashscreen.png' })} />`,
        );
      }
    } else {
      out.push(`    <splash${attrs({ src: options.imagePath('launch', key) })} />`);
      if (screen.srcDarkMode !== undefined) out.push(`    <splash${attrs({ src: options.imagePath('launchDark', key) })} />`);
    }
  }
  config.resourceFiles.forEach((file, index) => {
    if (file.platform === platform || file.platform === undefined)
      out.push(`    <resource-file${attrs({ src: options.resourcePath(index), target: file.target })} />`);
  });
  if (out.length === 0) return [];
  return [`  <platform${attrs({ name: platform })}>`, ...out, '  </platform>'];
}
