import assert from 'node:assert/strict';
import { defaultConnectionUrl } from './default-connection-url';

describe('defaultConnectionUrl', () => {
  it('prefers DDP_DEFAULT_CONNECTION_URL, then ROOT_URL, then the page origin', () => {
    assert.equal(defaultConnectionUrl({ DDP_DEFAULT_CONNECTION_URL: 'http://ddp:1', ROOT_URL: 'http://root:2' }, undefined), 'http://ddp:1');
    assert.equal(defaultConnectionUrl({ ROOT_URL: 'http://root:2' }, undefined), 'http://root:2');
    assert.equal(defaultConnectionUrl(undefined, 'https://chat.example'), 'https://chat.example');
  });

  it('resolves a relative URL against the page', () => {
    assert.equal(defaultConnectionUrl({ DDP_DEFAULT_CONNECTION_URL: '/' }, 'https://chat.example'), 'https://chat.example/');
  });

  it('explains what is missing or wrong', () => {
    assert.throws(() => defaultConnectionUrl({}, undefined), /DDP_DEFAULT_CONNECTION_URL or ROOT_URL/);
    assert.throws(() => defaultConnectionUrl({ ROOT_URL: 3 }, undefined), /must be a string/);
  });
});
