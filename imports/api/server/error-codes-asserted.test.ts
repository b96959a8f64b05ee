import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { catalogueCodes } from '../app-errors';

/** Test sources of the app and its end-to-end tests, read as text. */
function testSources(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(test|browser-test|e2e)\.tsx?$/.test(entry.name) && !relative(root, full).endsWith('error-codes-asserted.test.ts'))
        out.push(readFileSync(full, 'utf8'));
    }
  };
  walk(join(root, 'imports'));
  walk(join(root, 'tests', 'e2e'));
  return out;
}

describe("the chat's error codes are each asserted", () => {
  it('names every code of the catalogue in some test, where it is sent', () => {
    const sources = testSources(process.cwd()).join('\n');
    const unasserted = [...new Set(catalogueCodes().app)].filter((code) => !sources.includes(`'${code}'`));
    assert.deepEqual(unasserted, [], `codes no test expects: ${unasserted.join(', ')}`);
  });
});
