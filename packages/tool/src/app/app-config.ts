import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ToolError } from '../tool-error';

export type Side = 'client' | 'server';

/** The `meteor` key of the app's package.json, as Meteor reads it (mainModule, testModule). */
export interface AppConfig {
  /** Root-relative eager entry per side; absent when set to `false`. */
  readonly mainModule: Partial<Record<Side, string>>;
  /** When present, replaces test-file discovery; a string applies to both sides. */
  readonly testModule?: Partial<Record<Side, string>>;
  readonly name: string;
  readonly version: string;
}

export function readAppConfig(root: string): AppConfig {
  const file = join(root, 'package.json');
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ToolError('app.notFound', `No readable package.json at ${file} (${(error as Error).message}); run meteor commands from the app root.`);
  }
  return parseAppConfig(pkg, file);
}

export function parseAppConfig(pkg: unknown, file = 'package.json'): AppConfig {
  const record = typeof pkg === 'object' && pkg !== null ? (pkg as Record<string, unknown>) : {};
  const meteor = record['meteor'];
  const m = typeof meteor === 'object' && meteor !== null ? (meteor as Record<string, unknown>) : {};
  const name = typeof record['name'] === 'string' ? record['name'] : 'app';
  const version = typeof record['version'] === 'string' ? record['version'] : '0.0.0';
  const mainModule = perSide(m['mainModule'], `${file} meteor.mainModule`) ?? {};
  const testModule = perSide(m['testModule'], `${file} meteor.testModule`);
  return testModule === undefined ? { mainModule, name, version } : { mainModule, testModule, name, version };
}

function perSide(value: unknown, what: string): Partial<Record<Side, string>> | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return { client: normalise(value), server: normalise(value) };
  if (typeof value !== 'object' || value === null) throw new ToolError('app.badConfig', `${what} must be a path or { client, server }.`);
  const out: Partial<Record<Side, string>> = {};
  for (const side of ['client', 'server'] as const) {
    const entry = (value as Record<string, unknown>)[side];
    if (typeof entry === 'string') out[side] = normalise(entry);
    else if (entry !== undefined && entry !== false) throw new ToolError('app.badConfig', `${what}.${side} must be a path or false.`);
  }
  return out;
}

function normalise(path: string): string {
  return path.replace(/^\.\//, '').replace(/^\//, '');
}
