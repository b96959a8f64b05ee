import type { ClientArch } from './client-arch';
import { MeteorCoreError } from './meteor-core-error';

/** `Meteor.settings`: free-form, with `public` always present (the only part clients receive). */
export interface MeteorSettings {
  public: Record<string, unknown>;
  [key: string]: unknown;
}

export type Side = 'client' | 'server';
export type TestMode = 'unit' | 'full-app';

/** Everything the `Meteor` object derives from its environment, already validated. */
export interface RuntimeConfig {
  side: Side;
  /** Absent only on a client whose page carried no ROOT_URL. */
  rootUrl: string | undefined;
  /** `absoluteUrl` upgrades to https by default (client served over https). */
  secure: boolean;
  settings: MeteorSettings;
  nodeEnv: string;
  testMode: TestMode | undefined;
  isCordova: boolean;
  release: string | undefined;
  gitCommitHash: string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseTestMode(raw: unknown, source: string): TestMode | undefined {
  if (raw === undefined || raw === null || raw === '' || raw === false) return undefined;
  if (raw === 'unit' || raw === 'full-app') return raw;
  throw new MeteorCoreError('METEOR_TEST_MODE_INVALID', `${source} must be "unit" or "full-app", got ${JSON.stringify(raw)}`);
}

function optionalString(raw: unknown, name: string): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') {
    throw new MeteorCoreError('METEOR_RUNTIME_CONFIG_INVALID', `__meteor_runtime_config__.${name} must be a string`);
  }
  return raw;
}

/**
 * Server configuration from the process environment: ROOT_URL (default
 * http://localhost:$PORT, PORT defaulting to 3000), METEOR_SETTINGS (JSON object), NODE_ENV,
 * METEOR_TEST_MODE (`unit` | `full-app`), METEOR_RELEASE, METEOR_GIT_COMMIT_HASH.
 */
export function readServerConfig(env: Readonly<Record<string, string | undefined>>): RuntimeConfig {
  let settings: MeteorSettings = { public: {} };
  const rawSettings = env.METEOR_SETTINGS;
  if (rawSettings !== undefined && rawSettings.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawSettings);
    } catch (error) {
      throw new MeteorCoreError('METEOR_SETTINGS_INVALID_JSON', `METEOR_SETTINGS are not valid JSON: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!isRecord(parsed)) {
      throw new MeteorCoreError('METEOR_SETTINGS_NOT_OBJECT', 'METEOR_SETTINGS must be a JSON object');
    }
    const publicPart = parsed.public ?? {};
    if (!isRecord(publicPart)) {
      throw new MeteorCoreError('METEOR_SETTINGS_NOT_OBJECT', 'METEOR_SETTINGS.public must be a JSON object');
    }
    settings = { ...parsed, public: publicPart };
  }
  return {
    side: 'server',
    rootUrl: env.ROOT_URL || `http://localhost:${env.PORT || '3000'}`,
    secure: false,
    settings,
    nodeEnv: env.NODE_ENV || 'development',
    testMode: parseTestMode(env.METEOR_TEST_MODE, 'METEOR_TEST_MODE'),
    isCordova: false,
    release: env.METEOR_RELEASE || undefined,
    gitCommitHash: env.METEOR_GIT_COMMIT_HASH || undefined,
  };
}

function pageOrigin(location: { origin?: string } | undefined): string | undefined {
  const origin = location?.origin;
  return typeof origin === 'string' && /^https?:\/\//.test(origin) ? origin : undefined;
}

/**
 * Client configuration from `__meteor_runtime_config__` (`ROOT_URL`, `PUBLIC_SETTINGS`,
 * `NODE_ENV`, `TEST_MODE`, `meteorRelease`, `gitCommitHash`); absent means a development page
 * with no settings, rooted at the page's origin. Only the public settings exist on the client.
 * `isCordova` comes from the program (`arch`) the bundle was built for, never from the page.
 */
export function readClientConfig(raw: unknown, location?: { protocol?: string; origin?: string }, arch: ClientArch = 'web.browser'): RuntimeConfig {
  if (raw !== undefined && raw !== null && !isRecord(raw)) {
    throw new MeteorCoreError('METEOR_RUNTIME_CONFIG_INVALID', '__meteor_runtime_config__ must be an object');
  }
  const config = raw ?? {};
  const publicSettings = config.PUBLIC_SETTINGS ?? {};
  if (!isRecord(publicSettings)) {
    throw new MeteorCoreError('METEOR_RUNTIME_CONFIG_INVALID', '__meteor_runtime_config__.PUBLIC_SETTINGS must be an object');
  }
  return {
    side: 'client',
    // A page served without a runtime config (a test page, a static export) still knows its origin.
    rootUrl: optionalString(config.ROOT_URL, 'ROOT_URL') || pageOrigin(location),
    secure: location?.protocol === 'https:',
    settings: { public: publicSettings },
    nodeEnv: optionalString(config.NODE_ENV, 'NODE_ENV') || 'development',
    testMode: parseTestMode(config.TEST_MODE, '__meteor_runtime_config__.TEST_MODE'),
    isCordova: arch === 'web.cordova',
    release: optionalString(config.meteorRelease, 'meteorRelease'),
    gitCommitHash: optionalString(config.gitCommitHash, 'gitCommitHash'),
  };
}
