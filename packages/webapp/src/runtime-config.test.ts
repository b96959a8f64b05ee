import assert from 'node:assert/strict';
import { buildRuntimeConfig, runtimeConfigScript, withoutUserinfo } from './runtime-config';

const input = { settings: {}, nodeEnv: 'production', testMode: false, clientVersion: 'v1' } as const;

describe('runtime config', () => {
  it('never sends the credentials of a ROOT_URL to the browser', () => {
    const config = buildRuntimeConfig({ ...input, rootUrl: 'https://deploy:s3cr%40t@chat.example.com:8443/app' });
    assert.equal(config.ROOT_URL, 'https://chat.example.com:8443/app');
    assert.equal(config.DDP_DEFAULT_CONNECTION_URL, 'https://chat.example.com:8443/app');
    const script = runtimeConfigScript(config);
    assert.ok(!script.includes('deploy') && !script.includes('s3cr'), script);
  });

  it('strips userinfo up to the authority’s last @, and leaves URLs without it as they are', () => {
    assert.equal(withoutUserinfo('http://user:p@ss@host/x'), 'http://host/x');
    assert.equal(withoutUserinfo('http://user@host'), 'http://host');
    assert.equal(withoutUserinfo('http://localhost:3000'), 'http://localhost:3000');
    assert.equal(withoutUserinfo('http://host/path?mail=a@b#c@d'), 'http://host/path?mail=a@b#c@d');
  });
});
