/**
 * `node:assert/strict` for browser test bundles: the bundler maps that specifier here, so the
 * same assertions work in *.test.ts (Node) and *.browser.test.ts (Chromium). `assert` resolves
 * to the npm port of Node's assert module in the browser bundle.
 */
import assert from 'assert';

const strict = assert.strict;
export default strict;
export const {
  ok,
  equal,
  notEqual,
  deepEqual,
  notDeepEqual,
  strictEqual,
  notStrictEqual,
  deepStrictEqual,
  notDeepStrictEqual,
  throws,
  doesNotThrow,
  rejects,
  doesNotReject,
  match,
  doesNotMatch,
  fail,
  ifError,
  AssertionError,
} = strict;
