import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { ToolError } from '../tool-error';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags every headless launch uses: quiet, no sandbox (CI containers run as root), no GPU. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export interface ChromiumLookup {
  readonly env?: NodeJS.ProcessEnv;
  readonly exists?: (path: string) => boolean;
  readonly isRoot?: boolean;
  /** Installs Debian's chromium; returns whether apt-get succeeded. */
  readonly install?: () => boolean;
  readonly log?: (line: string) => void;
}

/**
 * Finds the Chromium to drive: `CHROME_PATH` if set, else Debian's `/usr/bin/chromium`. When
 * it is missing and we are root, installs Debian's `chromium` with apt-get (announcing it);
 * otherwise fails with a one-line instruction.
 */
export function resolveChromiumPath(lookup: ChromiumLookup = {}): string {
  const env = lookup.env ?? process.env;
  const exists = lookup.exists ?? existsSync;
  const isRoot = lookup.isRoot ?? process.getuid?.() === 0;
  const log = lookup.log ?? ((line: string) => console.log(line));
  const configured = env['CHROME_PATH'];
  if (configured !== undefined && configured !== '') {
    if (exists(configured)) return configured;
    throw new ToolError(
      'chromium.missing',
      `CHROME_PATH points to ${configured}, which does not exist; fix CHROME_PATH or unset it to use ${DEFAULT_CHROMIUM_PATH}.`,
    );
  }
  if (exists(DEFAULT_CHROMIUM_PATH)) return DEFAULT_CHROMIUM_PATH;
  if (!isRoot) {
    throw new ToolError(
      'chromium.missing',
      `Chromium not found at ${DEFAULT_CHROMIUM_PATH}: run \`sudo apt-get install -y chromium\` or set CHROME_PATH to a Chromium binary.`,
    );
  }
  log(`Chromium not found at ${DEFAULT_CHROMIUM_PATH}; installing Debian's chromium with apt-get (running as root)...`);
  const installed = (lookup.install ?? installChromiumWithApt)();
  if (installed && exists(DEFAULT_CHROMIUM_PATH)) return DEFAULT_CHROMIUM_PATH;
  throw new ToolError('chromium.missing', `Installing chromium with apt-get failed; install it by hand (\`apt-get install -y chromium\`) or set CHROME_PATH.`);
}

function installChromiumWithApt(): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  if (update.status !== 0) return false;
  return spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env }).status === 0;
}
