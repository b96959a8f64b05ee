import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MINIMONGO_ERROR_CODES, MinimongoError } from './errors';

describe('MinimongoError', () => {
  it('appends the field to the message the way Meteor does', () => {
    const error = new MinimongoError('minimongo.bad-modifier', 'Cats are no fun', 'mice');
    assert.equal(error.message, "Cats are no fun for field 'mice'");
    assert.equal(error.name, 'MinimongoError');
    assert.equal(error.field, 'mice');
  });

  it('documents every error code in the package README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of MINIMONGO_ERROR_CODES) assert.ok(readme.includes(`\`${code}\``), `${code} is documented`);
  });
});
