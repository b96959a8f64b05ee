import assert from 'node:assert/strict';
import type { ToolError } from '../tool-error';
import { flagBoolean, flagPort, flagString, flagStrings, parseArgs } from './parse-args';

const specs = { once: { kind: 'boolean' }, port: { kind: 'port' }, settings: { kind: 'string' }, filter: { kind: 'string', repeatable: true } } as const;
const usageError = (code: string) => (error: ToolError) => error.code === code && error.exitCode === 2;

describe('parseArgs', () => {
  it('reads boolean, valued and repeated flags in both spellings', () => {
    const args = parseArgs(['--once', '--port', '4000', '--settings=s.json', '--filter', 'a', '--filter=b', 'extra'], specs, 'test');
    assert.equal(flagBoolean(args, 'once'), true);
    assert.equal(flagPort(args, 'port'), 4000);
    assert.equal(flagString(args, 'settings'), 's.json');
    assert.deepEqual(flagStrings(args, 'filter'), ['a', 'b']);
    assert.deepEqual(args.positionals, ['extra']);
  });

  it('rejects an unknown flag as a usage error naming it', () => {
    assert.throws(
      () => parseArgs(['--bogus'], specs, 'run'),
      (e: ToolError) => usageError('usage.unknownFlag')(e) && /--bogus/.test(e.message) && /meteor run/.test(e.message),
    );
  });

  it('rejects a missing value, a bad port and a repeated single flag', () => {
    assert.throws(() => parseArgs(['--settings'], specs, 'run'), usageError('usage.missingValue'));
    assert.throws(() => parseArgs(['--port', 'abc'], specs, 'run'), usageError('usage.badValue'));
    assert.throws(() => parseArgs(['--port', '70000'], specs, 'run'), usageError('usage.badValue'));
    assert.throws(() => parseArgs(['--port=0'], specs, 'run'), usageError('usage.badValue'));
    assert.throws(() => parseArgs(['--port', '1', '--port', '2'], specs, 'run'), usageError('usage.badValue'));
    assert.throws(() => parseArgs(['--once=yes'], specs, 'run'), usageError('usage.badValue'));
  });

  it('treats everything after -- as positional', () => {
    assert.deepEqual(parseArgs(['--', '--once'], specs, 'test').positionals, ['--once']);
  });
});
