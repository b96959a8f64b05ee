import assert from 'node:assert/strict';
import { appShellAction, isAppShellScript } from './app-shell-registration';

const base = { wanted: true, worker: '/__perseid/sw.js', isCordova: false, supported: true };

describe('app shell registration decision', () => {
  it('registers only when the app asked for it and the server offers the worker (a production client)', () => {
    assert.deepEqual(appShellAction(base), { kind: 'register', worker: '/__perseid/sw.js' });
  });

  it("unregisters a worker left by a production run under meteor run's development client, or once the app stops asking", () => {
    assert.deepEqual(appShellAction({ ...base, worker: undefined }), { kind: 'unregister' });
    assert.deepEqual(appShellAction({ ...base, wanted: false }), { kind: 'unregister' });
    assert.deepEqual(appShellAction({ ...base, worker: 'https://evil.example/sw.js' }), { kind: 'unregister' }, 'only the runtime path is ever registered');
  });

  it('does nothing on Cordova (the plugin keeps the versions) or without service workers', () => {
    assert.deepEqual(appShellAction({ ...base, isCordova: true }), { kind: 'none' });
    assert.deepEqual(appShellAction({ ...base, supported: false }), { kind: 'none' });
  });

  it("recognises the app shell's registrations by script path, leaving an app's own workers alone", () => {
    assert.equal(isAppShellScript('https://chat.example.com/__perseid/sw.js'), true);
    assert.equal(isAppShellScript('https://chat.example.com/sw.js'), false);
    assert.equal(isAppShellScript(undefined), false);
    assert.equal(isAppShellScript('not a url'), false);
  });
});
