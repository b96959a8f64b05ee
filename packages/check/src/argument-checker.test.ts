import assert from 'node:assert/strict';
import { failIfArgumentsAreNotAllChecked } from './argument-checker';
import { check, Match } from './check';

describe('audit-argument-checks', () => {
  const audited = (fn: (...args: unknown[]) => unknown, args: unknown[]) => failIfArgumentsAreNotAllChecked(fn, null, args, 'method "messages.send"');

  it('passes when every argument was checked', () => {
    const result = audited(
      (text, channel) => {
        check(text, String);
        check(channel, String);
        return 'ok';
      },
      ['hi', 'general'],
    );
    assert.equal(result, 'ok');
  });

  it('throws naming the method when an argument was not checked', () => {
    assert.throws(
      () =>
        audited(
          (text) => {
            check(text, String);
          },
          ['hi', { unchecked: true }],
        ),
      /^Error: Did not check\(\) all arguments during method "messages.send"$/,
    );
  });

  it('counts check(array, [pattern]) for each element, and NaN arguments', () => {
    assert.doesNotThrow(() => audited((...args) => check(args, [Match.Any]), [1, 'x', {}]));
    assert.doesNotThrow(() => audited((n) => check(n, Number), [Number.NaN]));
  });

  it('Match.test does not count as checking', () => {
    assert.throws(() => audited((text) => Match.test(text, String), ['hi']), /Did not check\(\) all arguments/);
  });

  it('a failing check throws the Match.Error, not the audit error', () => {
    assert.throws(() => audited((text) => check(text, Number), ['hi']), Match.Error);
  });

  it('waits for an async handler and sees checks made after an await', async () => {
    const result = await audited(
      async (text) => {
        await new Promise((resolve) => setImmediate(resolve));
        check(text, String);
        return 'done';
      },
      ['hi'],
    );
    assert.equal(result, 'done');
    await assert.rejects(
      audited(async () => {
        await Promise.resolve();
      }, ['unchecked']) as Promise<unknown>,
      /Did not check\(\) all arguments/,
    );
  });

  it('outside audit mode check reports to nobody', () => {
    assert.doesNotThrow(() => check('free', String));
  });
});
