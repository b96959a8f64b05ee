import assert from 'node:assert/strict';
import { MeteorError } from '@perseid/meteor-core';
import { markArgumentChecked, runWithArgumentAudit } from './argument-audit';

describe('argument audit', () => {
  it('rejects a method that returns without checking every argument', async () => {
    await assert.rejects(
      runWithArgumentAudit("method 'm'", ['a', 2], () => { markArgumentChecked('a'); return 'done'; }),
      (e: unknown) => e instanceof MeteorError && e.error === 400 && e.reason === 'Did not check() all arguments',
    );
  });

  it('passes once every argument is checked, including arrays element by element and across awaits', async () => {
    const args = ['a', { b: 1 }, Number.NaN];
    const result = await runWithArgumentAudit("method 'm'", args, async () => {
      markArgumentChecked(args);
      await new Promise((resolve) => setImmediate(resolve));
      return 42;
    });
    assert.equal(result, 42);
    assert.equal(await runWithArgumentAudit('m', [], () => 'no args'), 'no args');
  });

  it('lets the method’s own error through unchanged', async () => {
    await assert.rejects(runWithArgumentAudit('m', ['x'], () => { throw new MeteorError('own', 'mine'); }), /mine/);
  });

  it('does nothing outside an audit', () => {
    markArgumentChecked('anything');
  });
});
