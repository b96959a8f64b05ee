import assert from 'node:assert/strict';
import { browserUpdate, parsePublishedVersions } from './client-version-decision';

const running = { version: 'v1', versionRefreshable: 'css1', versionNonRefreshable: 'js1' };
const doc = (fields: Record<string, unknown>) =>
  parsePublishedVersions('web.browser', { version: 'v2', versionRefreshable: 'css1', versionNonRefreshable: 'js1', assets: [], ...fields });

describe('browser hot code push decision', () => {
  it('a new non-refreshable version reloads; a CSS-only one swaps the stylesheets; the same versions do nothing', () => {
    assert.deepEqual(browserUpdate(running, doc({ versionNonRefreshable: 'js2' }) ?? assert.fail()), { kind: 'reload' });
    assert.deepEqual(browserUpdate(running, doc({ versionRefreshable: 'css2', assets: [{ url: '/assets/a.css' }] }) ?? assert.fail()), {
      kind: 'stylesheets',
      urls: ['/assets/a.css'],
    });
    assert.deepEqual(browserUpdate(running, doc({}) ?? assert.fail()), { kind: 'none' });
  });

  it('a published document without the version fields is no document', () => {
    assert.equal(parsePublishedVersions('web.browser', { version: 'v2' }), undefined);
    assert.equal(parsePublishedVersions('web.browser', 'v2'), undefined);
    assert.deepEqual(doc({ assets: [{ url: '/a.css' }, { href: 'x' }, 7] })?.assets, [{ url: '/a.css' }]);
  });
});
