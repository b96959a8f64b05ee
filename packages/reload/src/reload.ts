/**
 * Meteor's `reload`: a migrating reload. Packages and apps register providers with
 * `_onMigrate`; `_reload()` asks every provider whether it is ready, and once all agree their
 * data is saved to sessionStorage and the page reloads. The new page reads the data back with
 * `_migrationData(name)`. A provider that is not ready returns `[false]` (or `false`) and calls
 * the retry function it was given when it becomes ready.
 */

/** What a provider answers: `[ready]` or `[ready, data]` (data: any JSON value). */
export type MigrationStatus = readonly [boolean] | readonly [boolean, unknown] | false;

export interface MigrateOptions {
  /** Reload now whatever the providers say (Meteor uses it for OAuth redirects). */
  readonly immediateMigration?: boolean;
}

export type MigrationProvider = (retry: () => void, options: MigrateOptions) => MigrationStatus;

export interface ReloadStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface ReloadDeps {
  /** sessionStorage, or undefined where there is none (the data then does not survive). */
  readonly storage: ReloadStorage | undefined;
  /** Replaces the page with a fresh load of itself. */
  readonly navigate: () => void;
  readonly defer: (fn: () => void) => void;
  readonly debug: (message: string, ...rest: unknown[]) => void;
}

type ReloadState = 'idle' | 'waiting-for-providers' | 'reloading';

export interface Reload {
  _onMigrate(callback: MigrationProvider): void;
  _onMigrate(name: string, callback: MigrationProvider): void;
  _migrationData(name: string): unknown;
  _migrate(tryReload: (() => void) | undefined, options?: MigrateOptions): boolean;
  _reload(options?: MigrateOptions): void;
  _withFreshProvidersForTest(fn: () => void): void;
  /** The stored text for this page's next load, if a migration saved one. */
  _getData(): string | null;
  /** Whether a reload has been asked for (the page may still be waiting for providers). */
  readonly state: ReloadState;
}

export const RELOAD_STORAGE_KEY = 'Meteor_Reload';

/**
 * The data the previous page saved, consumed once. Storage is untrusted: anything but
 * `{ reload: true, data: {...} }` counts as nothing saved.
 */
function takeSavedData(deps: ReloadDeps): Record<string, unknown> {
  let text: string | null = null;
  try {
    text = deps.storage?.getItem(RELOAD_STORAGE_KEY) ?? null;
    deps.storage?.removeItem(RELOAD_STORAGE_KEY);
  } catch {
    return {};
  }
  if (text === null) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && (parsed as Record<string, unknown>)['reload'] === true) {
      const data = (parsed as Record<string, unknown>)['data'];
      if (typeof data === 'object' && data !== null && !Array.isArray(data)) return data as Record<string, unknown>;
    }
    deps.debug('Ignoring malformed reload data.');
  } catch {
    deps.debug('Ignoring reload data that is not JSON.');
  }
  return {};
}

export function createReload(deps: ReloadDeps): Reload {
  const saved = takeSavedData(deps);
  let providers: { name: string | undefined; callback: MigrationProvider }[] = [];
  let state: ReloadState = 'idle';

  const poll = (tryReload: () => void, options: MigrateOptions): Record<string, unknown> | undefined => {
    const data: Record<string, unknown> = {};
    let allReady = true;
    for (const provider of [...providers]) {
      const status = provider.callback(tryReload, options);
      if (status === false || !status[0]) allReady = false;
      if (status !== false && status.length > 1 && provider.name !== undefined) data[provider.name] = status[1];
    }
    return allReady || options.immediateMigration === true ? data : undefined;
  };

  const reload: Reload = {
    _onMigrate(nameOrCallback: string | MigrationProvider, maybeCallback?: MigrationProvider) {
      if (typeof nameOrCallback === 'function') providers.push({ name: undefined, callback: nameOrCallback });
      else if (maybeCallback !== undefined) providers.push({ name: nameOrCallback, callback: maybeCallback });
      else throw new TypeError('Reload._onMigrate needs a callback');
    },
    _migrationData(name) {
      return saved[name];
    },
    _migrate(tryReload, options = {}) {
      const data = poll(tryReload ?? (() => undefined), options);
      if (data === undefined) return false;
      // A provider's data that cannot be serialised is its bug: the page then reloads without it
      // rather than never reloading.
      const json = JSON.stringify({ data, reload: true });
      if (deps.storage === undefined) {
        deps.debug('No sessionStorage: the reload does not keep migration data.');
        return true;
      }
      try {
        deps.storage.setItem(RELOAD_STORAGE_KEY, json);
      } catch (error) {
        deps.debug('Could not save migration data to sessionStorage', error);
      }
      return true;
    },
    _reload(options = {}) {
      if (state !== 'idle') return;
      state = 'waiting-for-providers';
      const tryReload = (): void => {
        deps.defer(() => {
          if (state === 'reloading') return;
          if (reload._migrate(tryReload, options)) {
            state = 'reloading';
            deps.navigate();
          }
        });
      };
      tryReload();
    },
    _withFreshProvidersForTest(fn) {
      const original = providers;
      providers = [];
      try {
        fn();
      } finally {
        providers = original;
      }
    },
    _getData() {
      try {
        return deps.storage?.getItem(RELOAD_STORAGE_KEY) ?? null;
      } catch {
        return null;
      }
    },
    get state() {
      return state;
    },
  };
  return reload;
}
