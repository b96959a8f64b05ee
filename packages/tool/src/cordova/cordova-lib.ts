/**
 * The parts of cordova-lib (and cordova-create, which its `create` is) that the tool drives,
 * typed here because the packages ship no types. cordova-lib works on `process.cwd()`, so every
 * call runs inside `inCordovaProject`, one at a time.
 */
import { createRequire } from 'node:module';

interface CordovaEvents {
  on(event: string, listener: (message: unknown) => void): void;
  removeListener(event: string, listener: (message: unknown) => void): void;
}

interface CordovaApi {
  platform(command: 'add' | 'remove', targets: string[], options: { save: boolean }): Promise<void>;
  plugin(command: 'add' | 'remove', targets: string[], options: { save: boolean; cli_variables?: Record<string, string> }): Promise<void>;
  prepare(options: { platforms: string[] }): Promise<void>;
  build(options: { platforms: string[]; options: { release: boolean; argv: string[] } }): Promise<void>;
  run(options: { platforms: string[]; options: { device: boolean; emulator: boolean; argv: string[] } }): Promise<void>;
}

interface CordovaLib {
  readonly cordova: CordovaApi;
  readonly events: CordovaEvents;
}

type CordovaCreate = (dir: string, options: { id: string; name: string }) => Promise<void>;

const require = createRequire(import.meta.url);

export function cordovaLib(): CordovaLib {
  return require('cordova-lib') as CordovaLib;
}

export function cordovaCreate(): CordovaCreate {
  return require('cordova-create') as CordovaCreate;
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs `fn` with the working directory set to `dir`, forwarding cordova-lib warnings to `warn`. */
export function inCordovaProject<T>(dir: string, warn: (line: string) => void, fn: (api: CordovaApi) => Promise<T>): Promise<T> {
  const run = async (): Promise<T> => {
    const lib = cordovaLib();
    const previous = process.cwd();
    const onWarn = (message: unknown): void => warn(`   cordova: ${message instanceof Error ? message.message : String(message)}`);
    lib.events.on('warn', onWarn);
    process.chdir(dir);
    try {
      return await fn(lib.cordova);
    } finally {
      process.chdir(previous);
      lib.events.removeListener('warn', onWarn);
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
