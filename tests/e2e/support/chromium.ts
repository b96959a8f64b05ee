import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH } from '@perseid/tool';

// The flags are the test runner's own, so every headless launch of the project is the same.
export { CHROMIUM_ARGS };

/** `CHROME_PATH` when set, else Debian's Chromium; a clear error when neither exists. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['CHROME_PATH'];
  const path = configured !== undefined && configured !== '' ? configured : DEFAULT_CHROMIUM_PATH;
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}: install Debian's chromium (apt-get install -y chromium) or set CHROME_PATH.`);
  }
  return path;
}

/** One headless Chromium per test file; users get their own contexts (separate storage). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
}
