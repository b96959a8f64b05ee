import assert from 'node:assert/strict';
import { parseBrowserTestEvent } from './browser-test-event';

describe('parseBrowserTestEvent (page → Node)', () => {
  it('types each reporter event', () => {
    assert.deepEqual(parseBrowserTestEvent({ type: 'suite', title: 'S', depth: 0 }), { type: 'suite', title: 'S', depth: 0 });
    assert.deepEqual(parseBrowserTestEvent({ type: 'end', passed: 2, failed: 1, skipped: 0 }), { type: 'end', passed: 2, failed: 1, skipped: 0 });
    assert.deepEqual(parseBrowserTestEvent({ type: 'fail', title: 't', fullTitle: 'S t', depth: 1, message: 'm', stack: 's' }), {
      type: 'fail',
      title: 't',
      fullTitle: 'S t',
      depth: 1,
      message: 'm',
      stack: 's',
    });
  });

  it('ignores anything else and coerces missing fields instead of crashing', () => {
    assert.equal(parseBrowserTestEvent(null), undefined);
    assert.equal(parseBrowserTestEvent('end'), undefined);
    assert.equal(parseBrowserTestEvent({ type: 'explode' }), undefined);
    assert.deepEqual(parseBrowserTestEvent({ type: 'pass', title: 42, depth: Infinity }), { type: 'pass', title: '', depth: 0 });
  });
});
