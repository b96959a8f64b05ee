import assert from 'node:assert/strict';
import { debug, setDebugSink, suppressLog } from './debug';

describe('Meteor._debug', () => {
  it('writes to the installed sink and can be suppressed for a number of lines', () => {
    const lines: unknown[][] = [];
    const previous = setDebugSink((...args) => lines.push(args));
    try {
      debug('a', 1);
      suppressLog(2);
      debug('hidden 1');
      debug('hidden 2');
      debug('b');
    } finally {
      setDebugSink(previous);
    }
    assert.deepEqual(lines, [['a', 1], ['b']]);
  });

  it('rejects a bad suppress count', () => {
    assert.throws(() => suppressLog(-1), RangeError);
  });
});
