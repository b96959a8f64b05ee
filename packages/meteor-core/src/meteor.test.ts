import assert from 'node:assert/strict';
import { Meteor, runStartupHooks, EnvironmentVariable } from './index';
import { createMeteorRuntime } from './meteor';
import { MeteorError } from './meteor-error';
import { readClientConfig, readServerConfig } from './runtime-config';
import type { DocumentLike } from './startup-queue';
import type { TimerHost } from './timers';

const noTimers: TimerHost<number> = {
  setTimeout: () => 0,
  clearTimeout: () => undefined,
  setInterval: () => 0,
  clearInterval: () => undefined,
};

describe('the Meteor object', () => {
  it('in Node is the server, with Meteor 3 flags', () => {
    assert.equal(Meteor.isServer, true);
    assert.equal(Meteor.isClient, false);
    assert.equal(Meteor.isFibersDisabled, true);
    assert.equal(Meteor.Error, MeteorError);
    assert.ok(Meteor.settings.public);
    assert.match(Meteor.absoluteUrl('x'), /^https?:\/\/.+\/x$/);
  });

  it('Meteor.Error works as a value and as a type', () => {
    const error: Meteor.Error = new Meteor.Error('x.denied', 'No');
    assert.ok(error instanceof MeteorError);
  });

  it('the Node entry installs the AsyncLocalStorage backend (values survive await)', async () => {
    const variable = new EnvironmentVariable<string>();
    const value = await variable.withValue('v', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return variable.get();
    });
    assert.equal(value, 'v');
  });

  it('runStartupHooks runs the server startup callbacks registered so far', async () => {
    let ran = false;
    Meteor.startup(() => {
      ran = true;
    });
    await runStartupHooks();
    assert.equal(ran, true);
  });

  const flags: Array<[string, Record<string, string>, Partial<Record<'isDevelopment' | 'isProduction' | 'isTest' | 'isAppTest', boolean>>]> = [
    ['development', {}, { isDevelopment: true, isProduction: false, isTest: false, isAppTest: false }],
    ['production', { NODE_ENV: 'production' }, { isDevelopment: false, isProduction: true }],
    ['meteor test', { METEOR_TEST_MODE: 'unit' }, { isTest: true, isAppTest: false }],
    ['meteor test --full-app', { METEOR_TEST_MODE: 'full-app' }, { isTest: false, isAppTest: true }],
  ];
  for (const [name, env, expected] of flags) {
    it(`flags for ${name}`, () => {
      const { Meteor: meteor } = createMeteorRuntime({ config: readServerConfig(env), timers: noTimers });
      for (const [flag, value] of Object.entries(expected)) assert.equal(meteor[flag as keyof typeof expected], value, flag);
    });
  }

  it('on a client, settings hold only the public part and startup waits for the DOM', () => {
    let domReady: (() => void) | undefined;
    const doc: DocumentLike = {
      readyState: 'loading',
      addEventListener: (_t, fn) => {
        domReady = fn;
      },
    };
    const { Meteor: client } = createMeteorRuntime({
      config: readClientConfig({ ROOT_URL: 'http://chat.test', PUBLIC_SETTINGS: { a: 1 } }),
      timers: noTimers,
      document: doc,
    });
    assert.equal(client.isClient, true);
    assert.equal(client.isServer, false);
    assert.deepEqual(client.settings, { public: { a: 1 } });
    assert.equal(client.absoluteUrl('p'), 'http://chat.test/p');
    let started = false;
    client.startup(() => {
      started = true;
    });
    assert.equal(started, false);
    domReady?.();
    assert.equal(started, true);
  });

  it('on Cordova, startup waits for deviceready even when the DOM is ready', () => {
    const listeners = new Map<string, () => void>();
    const doc: DocumentLike = {
      readyState: 'complete',
      addEventListener: (type, fn) => {
        listeners.set(type, fn);
      },
    };
    const { Meteor: cordova } = createMeteorRuntime({
      config: readClientConfig({ ROOT_URL: 'https://chat.test' }, undefined, 'web.cordova'),
      timers: noTimers,
      document: doc,
    });
    assert.equal(cordova.isCordova, true);
    let started = false;
    cordova.startup(() => {
      started = true;
    });
    assert.equal(started, false, 'the native bridge is not ready before deviceready');
    listeners.get('deviceready')?.();
    assert.equal(started, true);
  });

  it('a server runtime never runs startup callbacks before runStartupHooks', async () => {
    const runtime = createMeteorRuntime({ config: readServerConfig({}), timers: noTimers });
    let started = false;
    runtime.Meteor.startup(() => {
      started = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(started, false);
    await runtime.runStartupHooks();
    assert.equal(started, true);
  });
});
