/**
 * `meteor run`: database child (unless MONGO_URL) → server child (Vite inside in dev) → watch.
 * Only the server child restarts on server-side changes; the database keeps running. Ctrl-C
 * (SIGINT) or SIGTERM stops everything this command started. With run targets (`meteor run
 * android`), the Cordova app is prepared and run once the server is up; the server keeps running
 * whether or not the phone can be reached.
 */
import { join, relative, resolve } from 'node:path';
import { toPosix } from '../test-runner/find-files';
import type { CommandContext } from '../cli/run-cli';
import type { ParsedArgs } from '../cli/parse-args';
import { flagBoolean, flagPort, flagString, parsePort } from '../cli/parse-args';
import { readAppConfig } from '../app/app-config';
import { startDevDatabase } from '../app/dev-database';
import { readMeteorPackages } from '../app/meteor-packages';
import { SHELL_DIR_ENV, shellDir } from '../shell/shell-socket';
import { assertPortFree } from '../app/port-check';
import { liveRunLocks, writeRunLock } from '../app/run-lock';
import { restartDecision, watchServerFiles } from '../app/server-watcher';
import { loadSettings } from '../app/settings';
import type { BootOptions } from '../server/boot-options';
import { BOOT_ENV } from '../server/boot-options';
import { STANDBY_ENV, startServerChild } from '../server/child-process';
import { ServerSupervisor } from '../app/server-supervisor';
import { appTsxEnv } from '../app/default-tsconfig';
import { ToolError } from '../tool-error';
import { cordovaAppOrigins, loadMobileConfig } from '../cordova/cordova-project';
import { readMobilePlatforms } from '../cordova/mobile-platforms';
import { defaultMobileServer, parseRunTargets } from '../cordova/mobile-run';
import { runOnMobile } from './run-on-mobile';

export async function runCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const targets = parseRunTargets(args.positionals, readMobilePlatforms(ctx.cwd));
  const mobileServerFlag = flagString(args, 'mobile-server');
  if (mobileServerFlag !== undefined && !/^https?:\/\/[^/]+/.test(mobileServerFlag))
    throw new ToolError('usage.badValue', `--mobile-server must be an http(s) URL (got "${mobileServerFlag}").`);
  const envPort = ctx.env['PORT'];
  const port = flagPort(args, 'port') ?? (envPort !== undefined && envPort !== '' ? parsePort(envPort, 'PORT') : 3000);
  // Read before anything starts, so a broken mobile-config.js fails at once.
  const mobileConfig = targets.length > 0 ? loadMobileConfig(ctx.cwd) : undefined;
  const settingsPath = flagString(args, 'settings');
  const settings = loadSettings(settingsPath, ctx.env, ctx.cwd);
  const production = flagBoolean(args, 'production');
  readMeteorPackages(ctx.cwd);
  const appConfig = readAppConfig(ctx.cwd);
  const usesDevDatabase = ctx.env['MONGO_URL'] === undefined || ctx.env['MONGO_URL'] === '';
  const holder = usesDevDatabase ? liveRunLocks(ctx.cwd).find((l) => l.usesDevDatabase) : undefined;
  if (holder !== undefined) {
    throw new ToolError(
      'app.running',
      `This app is already running with its development database (pid ${holder.pid}); stop it, or set MONGO_URL to run another copy.`,
    );
  }
  const host = ctx.env['BIND_IP'] ?? '';
  await assertPortFree(port, 'app', host);
  const rootUrl = ctx.env['ROOT_URL'] ?? `http://localhost:${port}`;

  // Signals are handled from the start, so Ctrl-C during start-up still cleans up (children,
  // lock) instead of killing this process mid-way.
  let shuttingDown = false;
  let onSignal = (): void => undefined;
  const stopRequested = new Promise<void>((resolve) => {
    onSignal = () => {
      shuttingDown = true;
      resolve();
    };
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const release = writeRunLock(ctx.cwd, usesDevDatabase);
  const cleanups: (() => Promise<void> | void)[] = [release];
  try {
    let client: BootOptions['client'] = { kind: 'vite-dev' };
    if (production) {
      ctx.out('=> Building the client for production...');
      const { buildClient } = await import('../client-build/build-client');
      const dir = join(ctx.cwd, '.meteor', 'local', 'build', 'client');
      await buildClient(ctx.cwd, dir);
      client = { kind: 'built', dir };
    }

    // The web.cordova program, built once here: the phone's www (run targets) and the server's
    // /__cordova/ (hot code push) both come from it. In development it is a production build kept
    // up to date, so each save publishes a new version to phones; browsers keep HMR.
    let cordovaClientDir: string | undefined;
    if (readMobilePlatforms(ctx.cwd).length > 0) {
      const { buildClient, watchClientBuild } = await import('../client-build/build-client');
      cordovaClientDir = join(ctx.cwd, '.meteor', 'local', 'build', 'web.cordova');
      if (production) {
        ctx.out('=> Building the client for Cordova (Vite, web.cordova)...');
        await buildClient(ctx.cwd, cordovaClientDir, 'web.cordova');
      } else {
        ctx.out('=> Building the client for Cordova (Vite, web.cordova; rebuilt on change for hot code push)...');
        const watching = await watchClientBuild(ctx.cwd, cordovaClientDir, 'web.cordova', (line) => ctx.err(line));
        cleanups.push(() => watching.close());
      }
    }
    const mobileServer = mobileServerFlag ?? defaultMobileServer(port);

    if (usesDevDatabase) await assertPortFree(port + 1, 'database, PORT+1', '127.0.0.1');
    const db = await startDevDatabase(ctx.env, ctx.cwd, port + 1, join(ctx.cwd, '.meteor', 'local', 'db'));
    switch (db.state) {
      case 'external':
        ctx.out(`=> Using the database at MONGO_URL.`);
        break;
      case 'started':
        cleanups.push(db.stop);
        ctx.out(`=> Started minimongod on port ${port + 1} (data in .meteor/local/db).`);
        if (db.notice !== undefined) ctx.out(db.notice);
        break;
      case 'unavailable':
        if (/EADDRINUSE/.test(db.reason))
          throw new ToolError(
            'port.inUse',
            `Port ${port + 1} (database, PORT+1) is already in use; stop the other process or choose another port with --port.`,
          );
        ctx.err(`=> Warning: no database (${db.reason}); set MONGO_URL to use one. Continuing without MONGO_URL.`);
        break;
      default:
        db satisfies never;
    }

    const boot: BootOptions = {
      root: ctx.cwd,
      host,
      port,
      rootUrl,
      testMode: false,
      serverModules: appConfig.mainModule.server === undefined ? [] : [join(ctx.cwd, appConfig.mainModule.server)],
      client,
      installGlobals: true,
      allowedOrigins: cordovaAppOrigins(ctx.cwd),
      ...(cordovaClientDir === undefined ? {} : { cordovaClientDir }),
    };
    const childEnv: NodeJS.ProcessEnv = {
      ...ctx.env,
      ...appTsxEnv(ctx.cwd),
      PORT: String(port),
      ROOT_URL: rootUrl,
      METEOR_SETTINGS: settings.json,
      NODE_ENV: production ? 'production' : 'development',
      [BOOT_ENV]: JSON.stringify(boot),
      [SHELL_DIR_ENV]: shellDir(ctx.cwd),
      ...(db.state === 'unavailable' ? {} : { MONGO_URL: db.url }),
      // The phone started here talks to the mobile server; a version it downloads by hot code
      // push must point there too, not at the server's localhost ROOT_URL.
      ...(mobileConfig === undefined
        ? {}
        : { MOBILE_ROOT_URL: ctx.env['MOBILE_ROOT_URL'] ?? mobileServer, MOBILE_DDP_URL: ctx.env['MOBILE_DDP_URL'] ?? mobileServer }),
    };

    // Ctrl-C reaches the whole process group, so the server may exit before we stop it.
    const supervisor = new ServerSupervisor(
      (mode) => {
        if (settingsPath !== undefined) {
          const latest = safeSettings(settingsPath, ctx);
          if (latest !== undefined) childEnv['METEOR_SETTINGS'] = latest;
        }
        return startServerChild(mode === 'standby' ? { ...childEnv, [STANDBY_ENV]: '1' } : childEnv, ctx.cwd);
      },
      {
        ready: (first) => ctx.out(first ? `=> App running at: ${rootUrl}/` : `=> Server restarted: ${rootUrl}/`),
        crashed: (report) => {
          if (!shuttingDown) ctx.err(`=> Your application has errors (${report.message}). Waiting for file change.`);
        },
      },
      { standby: ctx.env['PERSEID_NO_STANDBY'] === undefined },
    );
    cleanups.push(() => supervisor.stop());
    const first = await supervisor.start();
    if (first.type === 'error' && first.code === 'port.inUse') throw new ToolError('port.inUse', first.message);
    if (mobileConfig !== undefined && cordovaClientDir !== undefined) {
      await runOnMobile({
        root: ctx.cwd,
        targets,
        config: mobileConfig,
        serverUrl: mobileServer,
        rootUrl,
        clientDir: cordovaClientDir,
        settings: settings.settings,
        env: ctx.env,
        out: ctx.out,
        err: ctx.err,
      });
    }

    // Watched relative to the app root (a settings file outside it is not watched).
    const settingsFromRoot = settingsPath === undefined ? undefined : toPosix(relative(ctx.cwd, resolve(ctx.cwd, settingsPath)));
    const settingsRel = settingsFromRoot === undefined || settingsFromRoot.startsWith('..') ? [] : [settingsFromRoot];
    cleanups.push(
      watchServerFiles(ctx.cwd, settingsRel, (paths) => {
        const decision = restartDecision(paths, ctx.cwd, supervisor.currentModules(), settingsRel);
        if (!decision.restart) return;
        const shown = decision.because;
        ctx.out(`=> Server code changed (${shown.slice(0, 3).join(', ')}${shown.length > 3 ? ', ...' : ''}); restarting the server.`);
        supervisor.restart({ reuseStandby: decision.reuseStandby });
      }),
    );

    await stopRequested;
    ctx.out('=> Stopping.');
    return 0;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function safeSettings(path: string, ctx: CommandContext): string | undefined {
  try {
    return loadSettings(path, ctx.env, ctx.cwd).json;
  } catch (error) {
    ctx.err(`=> ${error instanceof Error ? error.message : String(error)} Keeping the previous settings.`);
    return undefined;
  }
}
