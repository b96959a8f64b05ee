/**
 * What a server process needs to boot, passed from the CLI as JSON in `PERSEID_BOOT` (the rest
 * comes from the usual variables: PORT, ROOT_URL, MONGO_URL, METEOR_SETTINGS, NODE_ENV).
 */
export type ClientServing = { readonly kind: 'vite-dev' } | { readonly kind: 'built'; readonly dir: string } | { readonly kind: 'none' };

export interface BootOptions {
  readonly root: string;
  readonly host: string;
  readonly port: number;
  readonly rootUrl: string;
  readonly testMode: 'unit' | 'full-app' | false;
  /** Absolute paths imported, in order, after the globals (the app's server main, tests...). */
  readonly serverModules: readonly string[];
  readonly client: ClientServing;
  /** Install globals from `.meteor/packages` (false inside a bundle that already did). */
  readonly installGlobals: boolean;
  /** Browser origins besides ROOT_URL's allowed to open DDP WebSockets (the test page's). */
  readonly allowedOrigins?: readonly string[];
  /**
   * The `web.cordova` client build (an app with a mobile platform), served under /__cordova/ for
   * hot code push. In a bundle it is fixed; under `meteor run` (client `vite-dev`) it is a
   * production build the tool keeps up to date, followed here (browsers keep Vite's HMR).
   */
  readonly cordovaClientDir?: string;
}

export const BOOT_ENV = 'PERSEID_BOOT';

export function parseBootOptions(raw: unknown): BootOptions {
  if (typeof raw !== 'string') throw new Error(`${BOOT_ENV} is not set`);
  const v: unknown = JSON.parse(raw);
  if (typeof v !== 'object' || v === null) throw new Error(`${BOOT_ENV} must be a JSON object`);
  const r = v as Record<string, unknown>;
  const str = (k: string): string => {
    const x = r[k];
    if (typeof x !== 'string') throw new Error(`${BOOT_ENV}.${k} must be a string`);
    return x;
  };
  const port = r['port'];
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${BOOT_ENV}.port must be a port number`);
  const testMode = r['testMode'];
  if (testMode !== 'unit' && testMode !== 'full-app' && testMode !== false) throw new Error(`${BOOT_ENV}.testMode must be "unit", "full-app" or false`);
  const modules = r['serverModules'];
  if (!Array.isArray(modules) || !modules.every((m): m is string => typeof m === 'string')) throw new Error(`${BOOT_ENV}.serverModules must be strings`);
  const client = r['client'] as Record<string, unknown> | undefined;
  let serving: ClientServing;
  switch (client?.['kind']) {
    case 'vite-dev':
      serving = { kind: 'vite-dev' };
      break;
    case 'built':
      if (typeof client['dir'] !== 'string') throw new Error(`${BOOT_ENV}.client.dir must be a string`);
      serving = { kind: 'built', dir: client['dir'] };
      break;
    case 'none':
      serving = { kind: 'none' };
      break;
    default:
      throw new Error(`${BOOT_ENV}.client.kind must be vite-dev, built or none`);
  }
  const origins = r['allowedOrigins'];
  if (origins !== undefined && (!Array.isArray(origins) || !origins.every((o): o is string => typeof o === 'string')))
    throw new Error(`${BOOT_ENV}.allowedOrigins must be strings`);
  const cordovaClientDir = r['cordovaClientDir'];
  if (cordovaClientDir !== undefined && typeof cordovaClientDir !== 'string') throw new Error(`${BOOT_ENV}.cordovaClientDir must be a string`);
  return {
    root: str('root'),
    host: str('host'),
    port,
    rootUrl: str('rootUrl'),
    testMode,
    serverModules: modules,
    client: serving,
    installGlobals: r['installGlobals'] !== false,
    ...(origins === undefined ? {} : { allowedOrigins: origins }),
    ...(cordovaClientDir === undefined ? {} : { cordovaClientDir }),
  };
}
