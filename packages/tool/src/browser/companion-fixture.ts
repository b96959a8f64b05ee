import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * A browser test's Node-side companion: for `foo.browser.test.ts(x)`, the optional
 * `foo.browser.server.ts` beside it. The runner imports it in Node before the page loads;
 * `setup()` may start servers (minimongod, a DDP server, ...) and returns JSON-serialisable
 * values that the page sees as `window.__TEST_ENV__`; `teardown()` runs after the file's tests.
 */
export interface CompanionFixture {
  readonly env: unknown;
  teardown(): Promise<void>;
}

export function companionPathFor(testFile: string): string {
  return testFile.replace(/\.browser\.test\.(ts|tsx|js|jsx)$/, '.browser.server.ts');
}

export async function startCompanionFixture(testFile: string): Promise<CompanionFixture | undefined> {
  const companion = companionPathFor(testFile);
  if (companion === testFile || !existsSync(companion)) return undefined;
  const mod = (await import(pathToFileURL(companion).href)) as Record<string, unknown>;
  const setup = mod['setup'];
  const teardown = mod['teardown'];
  if (typeof setup !== 'function') throw new Error(`${companion} must export an async function setup()`);
  const env: unknown = await (setup as () => unknown)();
  let tornDown = false;
  return {
    env: env ?? {},
    async teardown() {
      if (tornDown) return;
      tornDown = true;
      if (typeof teardown === 'function') await (teardown as () => unknown)();
    },
  };
}
