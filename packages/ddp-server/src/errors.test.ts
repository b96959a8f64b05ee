import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ddpServerErrors } from './errors';

describe('error catalogue', () => {
  const entries = Object.values(ddpServerErrors);

  it('has unique, namespaced codes, each documented in the README with its reason', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    assert.equal(new Set(entries.map((entry) => entry.code)).size, entries.length);
    for (const entry of entries) {
      // Limits answer in the family of Meteor's unnamespaced `too-many-requests`.
      assert.match(entry.code, /^(ddp\.[a-z-]+|too-many-[a-z-]+)$/);
      assert.ok(readme.includes(`\`${entry.code}\``), `${entry.code} is documented`);
      assert.ok(readme.includes(entry.reason), `${entry.code}'s reason is documented`);
    }
  });
});
