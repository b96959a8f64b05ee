import assert from 'node:assert/strict';
import { createAbsoluteUrl, type AbsoluteUrlOptions } from './absolute-url';

describe('Meteor.absoluteUrl', () => {
  const cases: Array<[string, AbsoluteUrlOptions, string | AbsoluteUrlOptions | undefined, AbsoluteUrlOptions | undefined, string]> = [
    ['root alone gets a trailing slash', { rootUrl: 'http://localhost:3000' }, undefined, undefined, 'http://localhost:3000/'],
    ['a path is appended', { rootUrl: 'http://localhost:3000' }, 'api/x', undefined, 'http://localhost:3000/api/x'],
    ['leading slashes of the path are dropped', { rootUrl: 'http://a.com/' }, '//x', undefined, 'http://a.com/x'],
    ['a root with a path prefix keeps it', { rootUrl: 'http://a.com/app' }, 'x', undefined, 'http://a.com/app/x'],
    ['a missing scheme means http', { rootUrl: 'a.com' }, undefined, undefined, 'http://a.com/'],
    ['secure upgrades to https', { rootUrl: 'http://a.com' }, 'x', { secure: true }, 'https://a.com/x'],
    ['secure leaves localhost alone', { rootUrl: 'http://localhost:3000' }, undefined, { secure: true }, 'http://localhost:3000/'],
    ['secure leaves 127.0.0.1 alone', { rootUrl: 'http://127.0.0.1:3000' }, undefined, { secure: true }, 'http://127.0.0.1:3000/'],
    ['replaceLocalhost', { rootUrl: 'http://localhost:3000' }, 'x', { replaceLocalhost: true }, 'http://127.0.0.1:3000/x'],
    ['options as first argument', { rootUrl: 'http://a.com' }, { rootUrl: 'http://b.com' }, undefined, 'http://b.com/'],
    ['an https root stays https', { rootUrl: 'https://a.com' }, undefined, undefined, 'https://a.com/'],
    ['default secure applies', { rootUrl: 'http://a.com', secure: true }, undefined, undefined, 'https://a.com/'],
  ];
  for (const [name, defaults, path, options, expected] of cases) {
    it(`${name}: ${expected}`, () => assert.equal(createAbsoluteUrl(defaults)(path, options), expected));
  }

  it('defaultOptions can be changed at runtime, as Meteor allows', () => {
    const absoluteUrl = createAbsoluteUrl({ rootUrl: 'http://a.com' });
    absoluteUrl.defaultOptions.rootUrl = 'http://c.com';
    assert.equal(absoluteUrl('z'), 'http://c.com/z');
  });

  it('without any root URL says how to fix it', () => {
    assert.throws(() => createAbsoluteUrl({})(), /Must pass options.rootUrl or set ROOT_URL/);
  });

  it('rejects a non-string path', () => {
    assert.throws(() => createAbsoluteUrl({ rootUrl: 'http://a' })(5 as unknown as string), /path must be a string/);
  });
});
