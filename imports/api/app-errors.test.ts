import assert from 'node:assert/strict';
import { catalogueCodes, fileRefusals } from './app-errors';

/** `<area>.<kebab-name>`: the scheme of packages/CONTRACT.md for codes of our own. */
const CODE = /^[a-z]+(\.[a-z0-9]+(-[a-z0-9]+)*)+$/;

describe("the chat's error catalogue", () => {
  const { app, runtime } = catalogueCodes();

  it('gives every refusal of its own a code of the form <area>.<kebab-name>', () => {
    for (const code of app) assert.match(code, CODE, `${code} breaks the scheme`);
  });

  it('uses the areas chat (methods, publications) and files (HTTP file routes) only', () => {
    assert.deepEqual([...new Set(app.map((code) => code.split('.')[0]))].sort(), ['chat', 'files']);
  });

  it('never gives two kinds of refusal one code, except the two upload rate limits', () => {
    const seen = new Map<string, number>();
    for (const code of app) seen.set(code, (seen.get(code) ?? 0) + 1);
    const repeated = [...seen].filter(([, n]) => n > 1).map(([code]) => code);
    assert.deepEqual(repeated, ['files.rate-limited']);
    // Both limits answer alike on purpose: the client waits Retry-After either way.
    assert.equal(fileRefusals.tooManyUploads(1, 1).status, fileRefusals.tooManyBytes(1, 1).status);
  });

  it("keeps the codes Meteor defines in Meteor's form, and none of them collides with ours", () => {
    assert.deepEqual(runtime, ['validation-error', 'too-many-requests', 'ddp.too-many-subscriptions', 403, 404, 500]);
    for (const code of runtime) assert.ok(!app.includes(String(code)), `${code} is both ours and the runtime's`);
  });

  it('answers each file route refusal with an HTTP status a client can act on', () => {
    const statuses = Object.values(fileRefusals).map((make) => (make as (...args: never[]) => { status: number })(...([] as never[])).status);
    for (const status of statuses) assert.ok(status >= 400 && status < 500, `status ${status} is not a client error`);
  });
});
