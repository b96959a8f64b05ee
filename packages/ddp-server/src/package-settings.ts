/**
 * Numeric limits read from `Meteor.settings.packages['ddp-server']`: only the keys of `defaults`
 * are read, absent ones are left out so the server's defaults apply, and a value that is not a
 * positive integer stops the server at start rather than running without the limit it was meant
 * to have.
 */
function positiveInteger(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`${where} must be a positive integer, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

export function packageLimitsFromSettings<T extends { [K in keyof T]: number }>(settings: unknown, defaults: Readonly<T>): Partial<T> {
  if (typeof settings !== 'object' || settings === null) return {};
  const packages = (settings as { packages?: unknown }).packages;
  if (typeof packages !== 'object' || packages === null) return {};
  const own = (packages as Record<string, unknown>)['ddp-server'];
  if (typeof own !== 'object' || own === null) return {};
  const out: Partial<T> = {};
  for (const key of Object.keys(defaults) as Array<keyof T & string>) {
    const value = (own as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = positiveInteger(value, `Meteor.settings.packages['ddp-server'].${key}`) as T[keyof T & string];
  }
  return out;
}
