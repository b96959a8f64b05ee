import assert from 'node:assert/strict';
import { DEFAULT_CHROMIUM_PATH, resolveChromiumPath } from './chromium-path';

const quiet = (): void => undefined;

describe('resolveChromiumPath', () => {
  it('prefers CHROME_PATH when it exists', () => {
    assert.equal(resolveChromiumPath({ env: { CHROME_PATH: '/opt/chrome' }, exists: (p) => p === '/opt/chrome', log: quiet }), '/opt/chrome');
  });

  it('names a CHROME_PATH that does not exist instead of falling back silently', () => {
    assert.throws(() => resolveChromiumPath({ env: { CHROME_PATH: '/nope' }, exists: () => false, log: quiet }), /CHROME_PATH points to \/nope/);
  });

  it("uses Debian's /usr/bin/chromium by default", () => {
    assert.equal(resolveChromiumPath({ env: {}, exists: (p) => p === DEFAULT_CHROMIUM_PATH, log: quiet }), DEFAULT_CHROMIUM_PATH);
  });

  it('without root, stops with a one-line instruction', () => {
    assert.throws(
      () => resolveChromiumPath({ env: {}, exists: () => false, isRoot: false, log: quiet }),
      (error: Error) => /apt-get install -y chromium/.test(error.message) && !error.message.includes('\n'),
    );
  });

  it('as root, announces and installs chromium with apt-get', () => {
    let installed = false;
    const lines: string[] = [];
    const path = resolveChromiumPath({ env: {}, exists: () => installed, isRoot: true, install: () => (installed = true), log: (l) => lines.push(l) });
    assert.equal(path, DEFAULT_CHROMIUM_PATH);
    assert.match(lines.join('\n'), /installing Debian's chromium with apt-get/);
  });
});
