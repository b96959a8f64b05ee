/**
 * The URL of the app's own server for the default connection, as Meteor picks it:
 * `__meteor_runtime_config__.DDP_DEFAULT_CONNECTION_URL`, else `ROOT_URL`, else the
 * page's origin. Relative URLs resolve against the page.
 */
export function defaultConnectionUrl(runtimeConfig: unknown, pageOrigin: string | undefined): string {
  const config = typeof runtimeConfig === 'object' && runtimeConfig !== null ? (runtimeConfig as Record<string, unknown>) : {};
  for (const key of ['DDP_DEFAULT_CONNECTION_URL', 'ROOT_URL'] as const) {
    const value = config[key];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') throw new TypeError(`__meteor_runtime_config__.${key} must be a string`);
    return pageOrigin === undefined ? value : new URL(value, pageOrigin).toString();
  }
  if (pageOrigin !== undefined) return pageOrigin;
  throw new Error('No DDP server URL: set __meteor_runtime_config__.DDP_DEFAULT_CONNECTION_URL or ROOT_URL');
}
