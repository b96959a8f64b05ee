import assert from 'node:assert/strict';
import { contentSecurityPolicyFor, staticHtmlAllowances, withAllowances } from './content-security-policy';
import { DEFAULT_CSP } from './security-headers';

const GOOGLE_FONTS_HEAD = `
  <link rel="preconnect" href="https://fonts.googleapis.com">
  <link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>
  <link href="https://fonts.googleapis.com/css2?family=Roboto:wght@400;500&display=swap" rel="stylesheet">
  <link rel="icon" href="/favicon.svg">
  <!-- <script src="https://commented.example/x.js"></script> -->`;

function directive(policy: string | false, name: string): string[] {
  assert.ok(policy !== false);
  return (
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .find((d) => d[0] === name)
      ?.slice(1) ?? []
  );
}

describe("content security policy from the app's static HTML and settings", () => {
  it('a Google Fonts stylesheet in client/main.html is allowed as a style and font origin; scripts stay self + nonce', () => {
    const policy = contentSecurityPolicyFor(GOOGLE_FONTS_HEAD, {});
    assert.ok(directive(policy, 'style-src').includes('https://fonts.googleapis.com'));
    assert.ok(directive(policy, 'font-src').includes('https://fonts.gstatic.com'));
    assert.deepEqual(directive(policy, 'script-src'), ["'self'", "'nonce-{nonce}'"]);
    assert.deepEqual(directive(policy, 'connect-src'), ["'self'", 'ws:', 'wss:']);
    assert.deepEqual(directive(policy, 'object-src'), ["'none'"]);
  });

  it('an app whose HTML links nothing else keeps the strict default', () => {
    assert.equal(contentSecurityPolicyFor('<title>x</title><link rel="icon" href="/favicon.svg">', undefined), DEFAULT_CSP);
  });

  it('reads scripts, images and preloads by their kind; same-origin and non-http URLs add nothing', () => {
    const allow = staticHtmlAllowances(
      '<script src="https://cdn.example/a.js"></script><img src="//img.example/x.png"><link rel="preload" as="font" href="https://f.example/x.woff2"><img src="data:image/png;base64,xx"><script src="/local.js"></script>',
    );
    assert.deepEqual(allow, { 'script-src': ['https://cdn.example'], 'img-src': ['https://img.example'], 'font-src': ['https://f.example'] });
  });

  it('settings.packages.webapp.contentSecurityPolicy adds sources, replaces the policy, or turns it off', () => {
    const extra = contentSecurityPolicyFor('', {
      packages: { webapp: { contentSecurityPolicy: { 'img-src': ['https://images.example'], 'worker-src': ["'self'", 'blob:'] } } },
    });
    assert.ok(directive(extra, 'img-src').includes('https://images.example'));
    assert.deepEqual(directive(extra, 'worker-src'), ["'self'", 'blob:']);
    assert.equal(contentSecurityPolicyFor(GOOGLE_FONTS_HEAD, { packages: { webapp: { contentSecurityPolicy: "default-src 'self'" } } }), "default-src 'self'");
    assert.equal(contentSecurityPolicyFor(GOOGLE_FONTS_HEAD, { packages: { webapp: { contentSecurityPolicy: false } } }), false);
  });

  it('a source that would smuggle in another directive is refused', () => {
    assert.throws(() => withAllowances(DEFAULT_CSP, { 'img-src': ["https://x.example; script-src 'unsafe-eval'"] }), /Not a CSP source/);
    assert.throws(
      () => contentSecurityPolicyFor('', { packages: { webapp: { contentSecurityPolicy: { 'img-src': 'https://x.example' } } } }),
      /must be a list of sources/,
    );
    assert.throws(() => withAllowances(DEFAULT_CSP, { 'img-src; x': ['https:'] }), /Not a CSP directive/);
  });
});
