import assert from 'node:assert/strict';
import { pageNavigation } from './page-navigation';
import type { ReloadStorage } from './reload';
import { createReload, RELOAD_STORAGE_KEY } from './reload';

function memoryStorage(initial: Record<string, string> = {}): ReloadStorage & { items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}

/** Deferred work runs when the test says so, like the page's event loop would. */
function harness(storage = memoryStorage()) {
  const deferred: (() => void)[] = [];
  let navigations = 0;
  const reload = createReload({ storage, navigate: () => void (navigations += 1), defer: (fn) => void deferred.push(fn), debug: () => undefined });
  const flush = (): void => {
    while (deferred.length > 0) deferred.shift()?.();
  };
  return { reload, storage, flush, navigations: () => navigations };
}

describe('Reload (migrating reload)', () => {
  it("saves every provider's data and reloads once all are ready; the next page reads it back once", () => {
    const { reload, storage, flush, navigations } = harness();
    reload._onMigrate('drafts', () => [true, { general: 'half a sentence' }]);
    reload._onMigrate(() => [true]);
    reload._reload();
    flush();
    assert.equal(navigations(), 1);
    const next = createReload({ storage, navigate: () => undefined, defer: (fn) => fn(), debug: () => undefined });
    assert.deepEqual(next._migrationData('drafts'), { general: 'half a sentence' });
    assert.equal(storage.getItem(RELOAD_STORAGE_KEY), null, 'consumed by the page that read it');
  });

  it('waits for a provider that is not ready until it calls retry, then reloads with its data', () => {
    const { reload, flush, navigations, storage } = harness();
    let ready = false;
    let retry: (() => void) | undefined;
    reload._onMigrate('upload', (tryAgain) => {
      retry = tryAgain;
      return ready ? [true, 'done'] : [false];
    });
    reload._reload();
    flush();
    assert.equal(navigations(), 0);
    assert.equal(reload.state, 'waiting-for-providers');
    reload._reload();
    flush();
    assert.equal(navigations(), 0, 'a second _reload while waiting changes nothing');
    ready = true;
    retry?.();
    flush();
    assert.equal(navigations(), 1);
    assert.match(storage.getItem(RELOAD_STORAGE_KEY) ?? '', /"upload":"done"/);
  });

  it('immediateMigration reloads whatever the providers say', () => {
    const { reload, flush, navigations } = harness();
    reload._onMigrate('busy', () => false);
    reload._reload({ immediateMigration: true });
    flush();
    assert.equal(navigations(), 1);
  });

  it('ignores stored data that is not its own JSON shape', () => {
    for (const text of ['not json', '[1,2]', '{"data":{"a":1}}', '{"reload":true,"data":[1]}']) {
      const { reload } = harness(memoryStorage({ [RELOAD_STORAGE_KEY]: text }));
      assert.equal(reload._migrationData('a'), undefined, text);
    }
  });
});

/**
 * On Cordova the hot code push plugin (a stand-in for its JavaScript interface here: the native
 * plugin cannot run without a device) switches to the downloaded version only as the page
 * reloads, after every provider agreed.
 */
describe('Reload on Cordova: switching to the pending version', () => {
  function cordovaHarness(options: { isCordova?: boolean; pending?: boolean } = {}) {
    const events: string[] = [];
    const plugin = {
      switchToPendingVersion(callback: () => void, errorCallback?: (error: unknown) => void) {
        events.push('switchToPendingVersion');
        if (options.pending === false) errorCallback?.('No pending version to switch to');
        else callback();
      },
    };
    const deferred: (() => void)[] = [];
    const reload = createReload({
      storage: memoryStorage(),
      navigate: pageNavigation({
        isCordova: options.isCordova ?? true,
        plugin: () => plugin,
        reloadPage: () => void events.push('reloadPage'),
        debug: () => undefined,
      }),
      defer: (fn) => void deferred.push(fn),
      debug: () => undefined,
    });
    const flush = (): void => {
      while (deferred.length > 0) deferred.shift()?.();
    };
    return { reload, events, flush };
  }

  it('switches only once every provider agreed, then reloads into the new version', () => {
    const { reload, events, flush } = cordovaHarness();
    let methodInFlight = true;
    let retry: (() => void) | undefined;
    reload._onMigrate((tryAgain) => {
      retry = tryAgain;
      return methodInFlight ? [false] : [true];
    });
    reload._reload();
    flush();
    assert.deepEqual(events, [], 'the old page keeps its version while a provider waits');
    methodInFlight = false;
    retry?.();
    flush();
    assert.deepEqual(events, ['switchToPendingVersion', 'reloadPage']);
  });

  it('with no version pending (a reload the app asked for) the page still reloads', () => {
    const { reload, events, flush } = cordovaHarness({ pending: false });
    reload._reload();
    flush();
    assert.deepEqual(events, ['switchToPendingVersion', 'reloadPage']);
  });

  it('a browser program never asks a plugin, whatever the page holds', () => {
    const { reload, events, flush } = cordovaHarness({ isCordova: false });
    reload._reload();
    flush();
    assert.deepEqual(events, ['reloadPage']);
  });
});
