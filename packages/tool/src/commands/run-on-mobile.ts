import type { MobileConfig } from '../cordova/mobile-config';
import type { RunTarget } from '../cordova/mobile-run';
import { cordovaRun, runRequirements, runTargetPlatform } from '../cordova/mobile-run';
import { messageOf } from '../cordova/cordova-project';
import { readBuiltClientPage } from '../server/built-client-page';

export interface RunOnMobileOptions {
  readonly root: string;
  readonly targets: readonly RunTarget[];
  readonly config: MobileConfig;
  /** The URL the phone talks to (`--mobile-server`, else this machine's LAN address). */
  readonly serverUrl: string;
  readonly rootUrl: string;
  /**
   * The `web.cordova` program `meteor run` built (and keeps rebuilding in development): the same
   * build the server publishes for hot code push, so the phone starts on the served version.
   */
  readonly clientDir: string;
  readonly settings: unknown;
  readonly env: NodeJS.ProcessEnv;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/**
 * The mobile part of `meteor run <target>`, after the server is up. A target whose tools or
 * device are missing is reported with what to install and skipped; a failing Cordova run is
 * reported; neither stops the server, so nothing here throws.
 */
export async function runOnMobile(options: RunOnMobileOptions): Promise<void> {
  const { out, err } = options;
  const runnable: RunTarget[] = [];
  for (const target of options.targets) {
    const missing = runRequirements(target, options.env);
    if (missing.length === 0) {
      runnable.push(target);
      continue;
    }
    err(
      [
        `=> ${target}: the app cannot be started here; this machine lacks`,
        ...missing.map((m) => `  - ${m}`),
        `   The server keeps running at ${options.rootUrl}/ (the phone app would use ${options.serverUrl}).`,
      ].join('\n'),
    );
  }
  if (runnable.length === 0) return;
  try {
    const { prepareCordovaProject } = await import('../cordova/mobile-build');
    const { clientDir } = options;
    const page = readBuiltClientPage(clientDir);
    const platforms = [...new Set(runnable.map(runTargetPlatform))];
    const projectDir = await prepareCordovaProject({
      root: options.root,
      serverUrl: options.serverUrl,
      platforms,
      config: options.config,
      clientDir,
      page,
      settings: options.settings,
      env: options.env,
      log: out,
    });
    for (const target of runnable) {
      out(`=> ${target}: cordova run (the app talks to ${options.serverUrl})...`);
      try {
        await cordovaRun(projectDir, target, out);
        out(`=> ${target}: started.`);
      } catch (error) {
        err(`=> ${target}: cordova run failed: ${messageOf(error)}\n   The server keeps running at ${options.rootUrl}/.`);
      }
    }
  } catch (error) {
    err(`=> The Cordova app could not be prepared: ${messageOf(error)}\n   The server keeps running at ${options.rootUrl}/.`);
  }
}
