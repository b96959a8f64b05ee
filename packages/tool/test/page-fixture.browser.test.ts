import assert from 'node:assert/strict';

interface PageFixtureEnv {
  echoUrl: string;
  fromNode: string;
}

const env = (window as unknown as { __TEST_ENV__: PageFixtureEnv }).__TEST_ENV__;

describe('browser test runner', () => {
  it('runs the test inside a real Chromium page with a DOM', () => {
    assert.match(navigator.userAgent, /Chrome\//);
    const el = document.createElement('p');
    el.textContent = 'rendered';
    document.body.append(el);
    assert.equal(document.body.lastElementChild?.textContent, 'rendered');
    assert.equal(typeof process, 'undefined', 'no Node globals leak into the page');
  });

  it('receives what the Node companion setup() returned as window.__TEST_ENV__', () => {
    assert.match(env.fromNode, /^v\d+\./);
  });

  it('can reach a server the companion started in Node', async () => {
    const response = await fetch(`${env.echoUrl}/ping`);
    assert.deepEqual(await response.json(), { path: '/ping', servedBy: 'node companion' });
  });
});
