import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ToolError } from '../tool-error';

export interface LoadedSettings {
  readonly settings: Readonly<Record<string, unknown>>;
  /** The settings as JSON, for `METEOR_SETTINGS` in child processes. */
  readonly json: string;
}

/**
 * `--settings <file>` wins, then `METEOR_SETTINGS`, else `{}`. A missing file, invalid JSON or
 * a non-object fails with the path (or variable name) and the parser's own message.
 */
export function loadSettings(settingsPath: string | undefined, env: NodeJS.ProcessEnv, cwd: string): LoadedSettings {
  if (settingsPath !== undefined) {
    const file = resolve(cwd, settingsPath);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ToolError('settings.missing', `Settings file ${file} could not be read (${code ?? (error as Error).message}).`);
    }
    return parseSettings(text, `settings file ${file}`);
  }
  const fromEnv = env['METEOR_SETTINGS'];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseSettings(fromEnv, 'METEOR_SETTINGS');
  return { settings: {}, json: '{}' };
}

export function parseSettings(text: string, source: string): LoadedSettings {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ToolError('settings.invalidJson', `The ${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ToolError('settings.notAnObject', `The ${source} must contain a JSON object.`);
  }
  return { settings: value as Record<string, unknown>, json: JSON.stringify(value) };
}
