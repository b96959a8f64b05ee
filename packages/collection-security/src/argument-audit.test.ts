import assert from 'node:assert/strict';
import { check } from '@perseid/check';
import {
  auditedMethods,
  enableArgumentAuditPackage,
  markArgumentChecked,
  resetArgumentAuditPackageForTests,
  runWithArgumentAudit,
  shouldAuditArgumentChecks,
} from './argument-audit';

describe('argument audit', () => {
  it('rejects a method that returns without checking every argument', async () => {
    await assert.rejects(
      runWithArgumentAudit("method 'm'", ['a', 2], () => {
        check('a', String);
        return 'done';
      }),
      /Did not check\(\) all arguments during method 'm'/,
    );
  });

  it('passes once every argument is checked or validated, across awaits', async () => {
    const args = ['a', { b: 1 }];
    const result = await runWithArgumentAudit("method 'm'", args, async () => {
      check(args[0], String);
      await new Promise((resolve) => setImmediate(resolve));
      markArgumentChecked(args[1]);
      return 42;
    });
    assert.equal(result, 42);
    assert.equal(await runWithArgumentAudit('m', [], () => 'no args'), 'no args');
  });

  it('wraps a whole method map, keeping this', async () => {
    const methods = auditedMethods({
      checked(this: { userId: string }, x: unknown) {
        check(x, Number);
        return `${this.userId}:${String(x)}`;
      },
      unchecked(this: { userId: string }, _x: unknown) {
        return 'oops';
      },
    });
    assert.equal(await methods.checked.call({ userId: 'u' }, 1), 'u:1');
    await assert.rejects(Promise.resolve(methods.unchecked.call({ userId: 'u' }, 1)), /Did not check/);
  });

  it('does nothing outside an audit', () => {
    markArgumentChecked('anything');
  });
});

describe('shouldAuditArgumentChecks', () => {
  afterEach(() => resetArgumentAuditPackageForTests());

  it('audits only once the audit-argument-checks package is loaded, in any mode', () => {
    assert.equal(shouldAuditArgumentChecks({}), false);
    enableArgumentAuditPackage();
    assert.equal(shouldAuditArgumentChecks({}), true);
  });

  it('lets settings override the package either way', () => {
    const setting = (enabled: boolean) => ({ settings: { packages: { 'audit-argument-checks': { enabled } } } });
    assert.equal(shouldAuditArgumentChecks(setting(true)), true);
    enableArgumentAuditPackage();
    assert.equal(shouldAuditArgumentChecks(setting(false)), false);
  });
});
