import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ToolError } from '../tool-error';
import { loadSettings } from './settings';

describe('settings', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'perseid-settings-'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ public: { a: 1 }, secret: 'x' }));
    writeFileSync(join(dir, 'bad.json'), '{ "public": { a: 1 } }');
    writeFileSync(join(dir, 'array.json'), '[1, 2]');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads --settings relative to the working directory', () => {
    const loaded = loadSettings('good.json', {}, dir);
    assert.deepEqual(loaded.settings, { public: { a: 1 }, secret: 'x' });
    assert.deepEqual(JSON.parse(loaded.json), loaded.settings);
  });

  it('prefers the file over METEOR_SETTINGS, and falls back to METEOR_SETTINGS then {}', () => {
    assert.deepEqual(loadSettings('good.json', { METEOR_SETTINGS: '{"public":{"b":2}}' }, dir).settings, { public: { a: 1 }, secret: 'x' });
    assert.deepEqual(loadSettings(undefined, { METEOR_SETTINGS: '{"public":{"b":2}}' }, dir).settings, { public: { b: 2 } });
    assert.deepEqual(loadSettings(undefined, {}, dir).settings, {});
  });

  it('names the path of a missing file', () => {
    assert.throws(
      () => loadSettings('nope.json', {}, dir),
      (e: ToolError) => e.code === 'settings.missing' && e.message.includes(join(dir, 'nope.json')) && /ENOENT/.test(e.message),
    );
  });

  it('names the path and the parse error of invalid JSON', () => {
    assert.throws(
      () => loadSettings('bad.json', {}, dir),
      (e: ToolError) =>
        e.code === 'settings.invalidJson' &&
        e.message.includes(join(dir, 'bad.json')) &&
        /JSON/.test(e.message) &&
        /position|property|Expected/.test(e.message),
    );
    assert.throws(
      () => loadSettings(undefined, { METEOR_SETTINGS: '{oops' }, dir),
      (e: ToolError) => e.code === 'settings.invalidJson' && e.message.includes('METEOR_SETTINGS'),
    );
  });

  it('requires an object', () => {
    assert.throws(
      () => loadSettings('array.json', {}, dir),
      (e: ToolError) => e.code === 'settings.notAnObject',
    );
  });
});
