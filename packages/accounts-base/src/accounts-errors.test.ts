import assert from 'node:assert/strict';
import { accountsErrors } from './accounts-errors';

describe('accounts error catalogue', () => {
  it("names each of Meteor's numeric refusals with its own accounts.<kebab-name> code in details", () => {
    const codes: string[] = [];
    for (const [name, make] of Object.entries(accountsErrors)) {
      const error = (make as (...args: string[]) => { error: unknown; details?: unknown })('x');
      if (typeof error.error !== 'number') continue;
      const code = (error.details as { code?: unknown } | undefined)?.code;
      assert.equal(typeof code, 'string', `${name} has a code`);
      assert.match(code as string, /^accounts\.[a-z]+(-[a-z]+)*$/, `${name}'s code is namespaced kebab-case`);
      codes.push(code as string);
    }
    assert.ok(codes.length >= 15, 'every numeric refusal was seen');
    assert.equal(new Set(codes).size, codes.length, 'codes are unique');
  });
});
