import assert from 'node:assert/strict';
import { createReload, RELOAD_STORAGE_KEY } from '@perseid/reload';
import type { ReloadStorage } from '@perseid/reload';
import { ReactiveDict } from './reactive-dict';
import { installDictReloadMigration } from './reload-migration';

function memoryStorage(): ReloadStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}

describe('named ReactiveDicts across a hot code push reload', () => {
  it("a reload saves every named dict; the next page's dict of that name starts with its contents", () => {
    const storage = memoryStorage();
    const page1 = createReload({ storage, navigate: () => undefined, defer: (fn) => fn(), debug: () => undefined });
    installDictReloadMigration(page1);
    const before = new ReactiveDict<{ tab: string }>('reload-migration-test');
    before.set('tab', 'files');
    page1._reload();
    assert.match(storage.getItem(RELOAD_STORAGE_KEY) ?? '', /reload-migration-test/);

    const page2 = createReload({ storage, navigate: () => undefined, defer: (fn) => fn(), debug: () => undefined });
    installDictReloadMigration(page2);
    before.destroy();
    const after = new ReactiveDict<{ tab: string }>('reload-migration-test');
    assert.equal(after.get('tab'), 'files');
    after.destroy();
  });
});
