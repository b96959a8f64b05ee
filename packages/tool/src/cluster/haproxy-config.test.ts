import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkHaproxyConfig, findHaproxy } from '../../test/haproxy-fixture';
import { EXAMPLE_DEPLOYMENT, haproxyConfig } from './haproxy-config';

const SHIPPED = fileURLToPath(new URL('../../../../deploy/haproxy/haproxy.cfg', import.meta.url));

describe('haproxyConfig', () => {
  it('is what deploy/haproxy/haproxy.cfg ships (regenerate that file when this changes)', () => {
    assert.equal(readFileSync(SHIPPED, 'utf8'), haproxyConfig(EXAMPLE_DEPLOYMENT));
  });

  it('passes `haproxy -c` (when haproxy is installed)', function () {
    const binary = findHaproxy();
    if (binary === undefined) this.skip();
    assert.equal(checkHaproxyConfig(binary, haproxyConfig(EXAMPLE_DEPLOYMENT)), undefined);
    assert.equal(
      checkHaproxyConfig(
        binary,
        haproxyConfig({ bind: { host: '::1', port: 8080 }, backends: [{ name: 'only', host: '::1', port: 3000 }], stats: { host: '127.0.0.1', port: 8404 } }),
      ),
      undefined,
    );
  });

  it('health-checks every server on /__perseid/health and pins sockets to a server by cookie', () => {
    const config = haproxyConfig(EXAMPLE_DEPLOYMENT);
    assert.match(config, /option httpchk GET \/__perseid\/health/);
    assert.match(config, /http-check expect status 200/);
    assert.match(config, /cookie PERSEID_SERVER insert indirect nocache/);
    for (const b of EXAMPLE_DEPLOYMENT.backends) assert.match(config, new RegExp(`server ${b.name} ${b.host}:${b.port} cookie ${b.name}`));
  });

  it('fails open: each server is also an unchecked backup, used only while every checked one is down, setting no cookie', () => {
    const config = haproxyConfig(EXAMPLE_DEPLOYMENT);
    assert.match(config, /option allbackups/);
    for (const b of EXAMPLE_DEPLOYMENT.backends) assert.match(config, new RegExp(`server ${b.name}-fallback ${b.host}:${b.port} backup no-check\n`));
  });

  it('refuses names and addresses that would break or inject into the file', () => {
    const bind = { host: '0.0.0.0', port: 80 };
    assert.throws(() => haproxyConfig({ bind, backends: [] }), /at least one backend/);
    assert.throws(() => haproxyConfig({ bind, backends: [{ name: 'a b', host: '127.0.0.1', port: 1 }] }), /backend name/);
    assert.throws(() => haproxyConfig({ bind, backends: [{ name: 'a', host: '127.0.0.1\n  server x', port: 1 }] }), /bad host/);
    assert.throws(() => haproxyConfig({ bind, backends: [{ name: 'a', host: '127.0.0.1', port: 70_000 }] }), /port/);
    assert.throws(
      () =>
        haproxyConfig({
          bind,
          backends: [
            { name: 'a', host: '127.0.0.1', port: 1 },
            { name: 'a', host: '127.0.0.1', port: 2 },
          ],
        }),
      /used twice/,
    );
    assert.throws(
      () =>
        haproxyConfig({
          bind,
          backends: [
            { name: 'a', host: '127.0.0.1', port: 1 },
            { name: 'a-fallback', host: '127.0.0.1', port: 2 },
          ],
        }),
      /taken by the fallback of a/,
    );
  });
});
