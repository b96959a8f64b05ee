import assert from 'node:assert/strict';
import { reportTo } from './login-callback';

describe("reportTo (Meteor's accounts callbacks beside the promise)", () => {
  it('passes the promise through when no callback is given', async () => {
    assert.equal(await reportTo(Promise.resolve(7), undefined), 7);
    await assert.rejects(reportTo(Promise.reject(new Error('no')), undefined), /no/);
  });

  it('calls the callback with no argument on success and with the error on failure, never rejecting', async () => {
    const calls: unknown[][] = [];
    assert.equal(await reportTo(Promise.resolve(7), (...args: unknown[]) => calls.push(args)), 7);
    const error = new Error('refused');
    assert.equal(await reportTo(Promise.reject(error), (...args: unknown[]) => calls.push(args)), undefined);
    assert.deepEqual(calls, [[], [error]]);
  });
});
