import assert from 'node:assert/strict';
import { parseMochaChildConfig } from './mocha-child-config';

describe('parseMochaChildConfig', () => {
  it('types a valid config, keeping optional fields only when present', () => {
    assert.deepEqual(parseMochaChildConfig(JSON.stringify({ files: ['/a.test.ts'], timeoutMs: 10 })), {
      files: ['/a.test.ts'],
      setupModules: [],
      timeoutMs: 10,
    });
    assert.deepEqual(parseMochaChildConfig(JSON.stringify({ files: [], setupModules: ['/s.ts'], timeoutMs: 0, grep: 'x', holdUntilReleased: true })), {
      files: [],
      setupModules: ['/s.ts'],
      timeoutMs: 0,
      grep: 'x',
      holdUntilReleased: true,
    });
    assert.deepEqual(parseMochaChildConfig(JSON.stringify({ files: [], timeoutMs: 1, run: 'app' })), { files: [], setupModules: [], timeoutMs: 1, run: 'app' });
  });

  it('names what is wrong', () => {
    assert.throws(() => parseMochaChildConfig(undefined), /is not set/);
    assert.throws(() => parseMochaChildConfig('null'), /is not an object/);
    assert.throws(() => parseMochaChildConfig(JSON.stringify({ files: 'a', timeoutMs: 1 })), /files must be an array of strings/);
    assert.throws(() => parseMochaChildConfig(JSON.stringify({ files: [], timeoutMs: -1 })), /timeoutMs must be a number/);
    assert.throws(() => parseMochaChildConfig(JSON.stringify({ files: [], timeoutMs: 1, grep: 3 })), /grep must be a string/);
    assert.throws(() => parseMochaChildConfig(JSON.stringify({ files: [], timeoutMs: 1, run: 'exit' })), /run must be 'package' or 'app'/);
  });
});
