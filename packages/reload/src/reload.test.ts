import assert from 'node:assert/strict';
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
