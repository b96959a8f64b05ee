import assert from 'node:assert/strict';
import { MeteorCoreError } from './meteor-core-error';
import { readClientConfig, readServerConfig } from './runtime-config';

describe('readServerConfig', () => {
  it('defaults: development, ROOT_URL http://localhost:3000, empty settings with public', () => {
    const config = readServerConfig({});
    assert.equal(config.side, 'server');
    assert.equal(config.rootUrl, 'http://localhost:3000');
    assert.equal(config.nodeEnv, 'development');
    assert.deepEqual(config.settings, { public: {} });
    assert.equal(config.testMode, undefined);
  });

  it('reads ROOT_URL, PORT, NODE_ENV, METEOR_TEST_MODE, release and commit', () => {
    assert.equal(readServerConfig({ PORT: '4000' }).rootUrl, 'http://localhost:4000');
    const config = readServerConfig({
      ROOT_URL: 'https://chat.example.com',
      NODE_ENV: 'production',
      METEOR_TEST_MODE: 'full-app',
      METEOR_RELEASE: 'METEOR@3.5',
      METEOR_GIT_COMMIT_HASH: 'abc123',
    });
    assert.deepEqual(
      [config.rootUrl, config.nodeEnv, config.testMode, config.release, config.gitCommitHash],
      ['https://chat.example.com', 'production', 'full-app', 'METEOR@3.5', 'abc123'],
    );
  });

  it('parses METEOR_SETTINGS, keeping private keys on the server and adding public when missing', () => {
    const config = readServerConfig({ METEOR_SETTINGS: '{"smtp":{"password":"p"},"public":{"appName":"Perseid"}}' });
    assert.deepEqual(config.settings, { smtp: { password: 'p' }, public: { appName: 'Perseid' } });
    assert.deepEqual(readServerConfig({ METEOR_SETTINGS: '{"a":1}' }).settings, { a: 1, public: {} });
  });

  const bad: Array<[string, Record<string, string>, string, RegExp]> = [
    ['invalid JSON', { METEOR_SETTINGS: '{nope' }, 'METEOR_SETTINGS_INVALID_JSON', /METEOR_SETTINGS are not valid JSON/],
    ['an array', { METEOR_SETTINGS: '[1]' }, 'METEOR_SETTINGS_NOT_OBJECT', /must be a JSON object/],
    ['a string', { METEOR_SETTINGS: '"x"' }, 'METEOR_SETTINGS_NOT_OBJECT', /must be a JSON object/],
    ['a non-object public', { METEOR_SETTINGS: '{"public":3}' }, 'METEOR_SETTINGS_NOT_OBJECT', /public must be a JSON object/],
    ['an unknown test mode', { METEOR_TEST_MODE: 'integration' }, 'METEOR_TEST_MODE_INVALID', /"unit" or "full-app"/],
  ];
  for (const [name, env, code, message] of bad) {
    it(`rejects ${name} with ${code}`, () => {
      assert.throws(
        () => readServerConfig(env),
        (error: unknown) => {
          assert.ok(error instanceof MeteorCoreError);
          assert.equal(error.code, code);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});

describe('readClientConfig', () => {
  it('without a runtime config: development page, no ROOT_URL, empty public settings', () => {
    const config = readClientConfig(undefined);
    assert.deepEqual(
      [config.side, config.rootUrl, config.nodeEnv, config.settings, config.secure, config.isCordova],
      ['client', undefined, 'development', { public: {} }, false, false],
    );
  });

  it('exposes only PUBLIC_SETTINGS, under settings.public', () => {
    const config = readClientConfig({ ROOT_URL: 'http://h', PUBLIC_SETTINGS: { appName: 'P' }, NODE_ENV: 'production', TEST_MODE: 'unit' });
    assert.deepEqual(config.settings, { public: { appName: 'P' } });
    assert.equal(config.rootUrl, 'http://h');
    assert.equal(config.nodeEnv, 'production');
    assert.equal(config.testMode, 'unit');
  });

  it('falls back to the page origin when the config has no ROOT_URL', () => {
    assert.equal(readClientConfig({}, { protocol: 'http:', origin: 'http://127.0.0.1:4000' }).rootUrl, 'http://127.0.0.1:4000');
    assert.equal(readClientConfig({ ROOT_URL: 'http://x' }, { origin: 'http://y' }).rootUrl, 'http://x');
    assert.equal(readClientConfig({}, { origin: 'file://' }).rootUrl, undefined);
  });

  it("is secure on an https page; Cordova is the program's arch, which a page cannot claim", () => {
    assert.equal(readClientConfig({}, { protocol: 'https:' }).secure, true);
    assert.equal(readClientConfig({}, undefined, 'web.cordova').isCordova, true);
    assert.equal(readClientConfig({ isCordova: true }).isCordova, false);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['a non-object config', 'x', /must be an object/],
    ['non-object PUBLIC_SETTINGS', { PUBLIC_SETTINGS: [] }, /PUBLIC_SETTINGS must be an object/],
    ['a non-string ROOT_URL', { ROOT_URL: 5 }, /ROOT_URL must be a string/],
    ['an unknown TEST_MODE', { TEST_MODE: 'x' }, /"unit" or "full-app"/],
  ];
  for (const [name, raw, message] of bad) {
    it(`rejects ${name}`, () => assert.throws(() => readClientConfig(raw), message));
  }
});
