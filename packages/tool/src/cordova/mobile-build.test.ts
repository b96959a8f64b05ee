import assert from 'node:assert/strict';
import { mobileServerUrls } from './mobile-build';

describe('mobileServerUrls', () => {
  it('takes --server, or MOBILE_ROOT_URL / MOBILE_DDP_URL when set', () => {
    assert.deepEqual(mobileServerUrls('https://chat.example.com/', {}), { rootUrl: 'https://chat.example.com', ddpUrl: 'https://chat.example.com' });
    assert.deepEqual(mobileServerUrls('https://chat.example.com', { MOBILE_ROOT_URL: 'https://www.example.com', MOBILE_DDP_URL: 'https://ddp.example.com' }), {
      rootUrl: 'https://www.example.com',
      ddpUrl: 'https://ddp.example.com',
    });
  });

  it('never writes credentials into the page every phone downloads', () => {
    const urls = mobileServerUrls('https://deploy:s3cret@chat.example.com', { MOBILE_DDP_URL: 'https://u:p@ddp.example.com' });
    assert.equal(urls.rootUrl, 'https://chat.example.com');
    assert.equal(urls.ddpUrl, 'https://ddp.example.com');
  });
});
