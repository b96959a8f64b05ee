import assert from 'node:assert/strict';
import { parseChildReport } from './child-process';

describe('parseChildReport (child → CLI over IPC)', () => {
  it('types ready and error reports', () => {
    assert.deepEqual(parseChildReport({ type: 'ready', port: 3000 }), { type: 'ready', port: 3000 });
    assert.deepEqual(parseChildReport({ type: 'ready', url: 'mongodb://x' }), { type: 'ready', url: 'mongodb://x' });
    assert.deepEqual(parseChildReport({ type: 'error', code: 'port.inUse', message: 'taken' }), { type: 'error', code: 'port.inUse', message: 'taken' });
  });

  it('ignores unknown messages and fills missing error fields', () => {
    assert.equal(parseChildReport({ type: 'stats' }), undefined);
    assert.equal(parseChildReport(undefined), undefined);
    assert.deepEqual(parseChildReport({ type: 'ready', port: '3000' }), { type: 'ready' });
    assert.deepEqual(parseChildReport({ type: 'error' }), { type: 'error', code: 'unknown', message: '' });
  });
});
