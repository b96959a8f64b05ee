import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { MeteorError } from '@perseid/meteor-core';
import { mountMetricsRoute, registerMetricsSource, type Subscription } from '../src/index';
import { msg, RawClient, startTestServer, type TestServer } from './helpers';

/**
 * Every line of the exposition is a HELP/TYPE comment or `name{labels} value`. NaN is matched
 * in any case: Prometheus reads values with Go's ParseFloat, and prom-client writes `Nan` for an
 * empty event-loop histogram.
 */
const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*)\})? (-?[0-9.]+(?:e[+-]?[0-9]+)?|\+Inf|-Inf|NaN|Nan)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Scrape {
  samples: Sample[];
  /** Family name to its TYPE, as an independent parser of the format reads it. */
  types: Map<string, string>;
}

function sample(scrape: Scrape, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = scrape.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found?.value;
}

function seriesOf(scrape: Scrape, name: string): Sample[] {
  return scrape.samples.filter((s) => s.name === name);
}

describe('GET /__perseid/metrics (Prometheus)', function () {
  this.timeout(20_000);
  let t: TestServer;
  let http: ReturnType<typeof createServer>;
  let base: string;
  const clients: RawClient[] = [];

  const LOGIN_TOKENS: Record<string, string> = { 'admin-login-token': 'u-admin', 'member-login-token': 'u-member' };
  const asUser = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  beforeEach(async () => {
    t = await startTestServer();
    t.server.setStatsAccess({
      userIdForLoginToken: (token) => Promise.resolve(LOGIN_TOKENS[token] ?? null),
      isAdmin: (userId) => Promise.resolve(userId === 'u-admin'),
    });
    const app = express();
    mountMetricsRoute(app, { server: t.server, token: 'scraper-token' });
    http = createServer(app);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.drop();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await t.close();
  });

  async function connect(): Promise<RawClient> {
    const { client } = await RawClient.connect(t.url);
    clients.push(client);
    return client;
  }

  async function scrape(token = 'admin-login-token'): Promise<Scrape> {
    const response = await fetch(`${base}/__perseid/metrics`, asUser(token));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const samples: Sample[] = [];
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
      const match = SAMPLE_LINE.exec(line);
      assert.ok(match !== null, `not a Prometheus sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key ?? ''] = value ?? '';
      samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
    }
    const types = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family.type]));
    return { samples, types };
  }

  it('counts sessions and subscriptions by publication as DDP clients come, subscribe and go', async () => {
    for (const name of ['rooms', 'lobby']) {
      t.server.publish(name, function (this: Subscription) {
        this.ready();
      });
    }
    const before = await scrape();
    assert.equal(sample(before, 'perseid_sessions', { state: 'attached' }), 0);
    assert.deepEqual(seriesOf(before, 'perseid_subscriptions'), []);
    assert.equal(before.types.get('perseid_sessions'), 'GAUGE');

    const [a, b] = [await connect(), await connect()];
    a.send({ msg: 'sub', id: 'a1', name: 'rooms' });
    b.send({ msg: 'sub', id: 'b1', name: 'rooms' });
    b.send({ msg: 'sub', id: 'b2', name: 'lobby' });
    b.send({ msg: 'sub', id: 'b3', name: 'no-such-publication' });
    await a.next(msg('ready'));
    await b.next((f) => f['msg'] === 'nosub' && f['id'] === 'b3');

    const during = await scrape();
    assert.equal(sample(during, 'perseid_sessions', { state: 'attached' }), 2);
    assert.equal(sample(during, 'perseid_subscriptions', { publication: 'rooms' }), 2);
    assert.equal(sample(during, 'perseid_subscriptions', { publication: 'lobby' }), 1);
    assert.equal(sample(during, 'perseid_subscriptions', { publication: 'no-such-publication' }), undefined);
    assert.ok((sample(during, 'perseid_ddp_sent_bytes_total') ?? 0) > 0);
    assert.ok((sample(during, 'perseid_ddp_received_messages_total') ?? 0) >= 6);

    b.send({ msg: 'unsub', id: 'b1' });
    await b.next((f) => f['msg'] === 'nosub' && f['id'] === 'b1');
    a.send({ msg: 'disconnect' });
    await a.whenClosed();
    const after = await scrape();
    assert.equal(sample(after, 'perseid_sessions', { state: 'attached' }), 1);
    assert.equal(sample(after, 'perseid_subscriptions', { publication: 'rooms' }), undefined);
    assert.equal(sample(after, 'perseid_subscriptions', { publication: 'lobby' }), 1);
  });

  it('keeps a latency histogram per registered method and outcome; unknown names get no series of their own', async () => {
    t.server.methods({
      'messages.send': () => 'ok',
      'messages.fail': () => {
        throw new MeteorError('not-allowed', 'No');
      },
    });
    const client = await connect();
    for (let i = 0; i < 3; i += 1) {
      client.send({ msg: 'method', id: `s${i}`, method: 'messages.send', params: [] });
      await client.next((f) => f['msg'] === 'updated');
    }
    client.send({ msg: 'method', id: 'f', method: 'messages.fail', params: [] });
    await client.next((f) => f['msg'] === 'updated');
    client.send({ msg: 'method', id: 'x', method: 'made-up-by-a-client', params: [] });
    await client.next((f) => f['msg'] === 'updated');

    const families = await scrape();
    assert.equal(families.types.get('perseid_method_duration_seconds'), 'HISTOGRAM');
    assert.equal(sample(families, 'perseid_method_duration_seconds_count', { method: 'messages.send', outcome: 'ok' }), 3);
    assert.equal(sample(families, 'perseid_method_duration_seconds_bucket', { method: 'messages.send', outcome: 'ok', le: '+Inf' }), 3);
    assert.equal(sample(families, 'perseid_method_duration_seconds_count', { method: 'messages.fail', outcome: 'error' }), 1);
    const methods = new Set(seriesOf(families, 'perseid_method_duration_seconds_count').map((s) => s.labels['method']));
    assert.deepEqual([...methods].sort(), ['messages.fail', 'messages.send']);
  });

  it('counts rate-limit refusals of methods and subscriptions', async () => {
    t.server.methods({ 'messages.send': () => 'ok' });
    t.server.publish('rooms', function (this: Subscription) {
      this.ready();
    });
    t.server.setRateLimiter((input) => {
      if (input.name === 'messages.send' || input.name === 'rooms') throw new MeteorError('too-many-requests', 'Slow down');
    });
    const client = await connect();
    client.send({ msg: 'method', id: 'm', method: 'messages.send', params: [] });
    await client.next(msg('updated'));
    client.send({ msg: 'sub', id: 's', name: 'rooms' });
    await client.next(msg('nosub'));
    const families = await scrape();
    assert.equal(sample(families, 'perseid_rate_limit_refusals_total', { kind: 'method' }), 1);
    assert.equal(sample(families, 'perseid_rate_limit_refusals_total', { kind: 'subscription' }), 1);
    assert.equal(sample(families, 'perseid_rate_limit_refusals_total', { kind: 'connection' }), 0);
  });

  it('reports bytes buffered for a client that stops reading', async () => {
    t.server.methods({ 'files.big': () => 'x'.repeat(8 * 1024 * 1024) });
    const client = await connect();
    const tcp = (client.ws as unknown as { _socket: { pause(): void } })._socket;
    tcp.pause();
    client.send({ msg: 'method', id: 'big', method: 'files.big', params: [] });
    let buffered = 0;
    // The result is written on the next turns of the server's loop; the scrape sees it once queued.
    while (buffered === 0) buffered = sample(await scrape(), 'perseid_ddp_buffered_bytes') ?? 0;
    assert.ok(buffered > 0);
  });

  it('reports event-loop delay, and what the observer and login sources report', async () => {
    const observers = registerMetricsSource('observers', () => ({
      observersByDriver: { changeStreams: 2, polling: 1 },
      changeStreamsByState: { streaming: 1 },
      changeStreamLagSeconds: 3,
      changeEvents: 42,
    }));
    const logins = registerMetricsSource('logins', () => ({ attempts: 5, failures: 2 }));
    try {
      const families = await scrape('scraper-token');
      assert.ok(sample(families, 'nodejs_eventloop_lag_p99_seconds') !== undefined);
      assert.equal(sample(families, 'perseid_observers', { driver: 'changeStreams' }), 2);
      assert.equal(sample(families, 'perseid_observers', { driver: 'polling' }), 1);
      assert.equal(sample(families, 'perseid_change_streams', { state: 'streaming' }), 1);
      assert.equal(sample(families, 'perseid_change_stream_lag_seconds'), 3);
      assert.equal(sample(families, 'perseid_change_events_total'), 42);
      assert.equal(sample(families, 'perseid_login_attempts_total'), 5);
      assert.equal(sample(families, 'perseid_login_failures_total'), 2);
    } finally {
      observers.stop();
      logins.stop();
    }
  });

  it('is for admins and the operator token only: 401 without a credential, 403 for a member, never a 500', async () => {
    const anonymous = await fetch(`${base}/__perseid/metrics`);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer');
    assert.doesNotMatch(await anonymous.text(), /perseid_|nodejs_/);
    assert.equal((await fetch(`${base}/__perseid/metrics`, asUser('stolen-or-expired'))).status, 401);
    assert.equal((await fetch(`${base}/__perseid/metrics`, asUser('x'.repeat(4_000)))).status, 401);
    const member = await fetch(`${base}/__perseid/metrics`, asUser('member-login-token'));
    assert.equal(member.status, 403);
    assert.doesNotMatch(await member.text(), /perseid_|nodejs_/);
    assert.equal((await fetch(`${base}/__perseid/metrics`, asUser('scraper-token'))).status, 200);

    // The access check itself failing (the users database is down) is an outage, not a crash.
    t.server.setStatsAccess({ userIdForLoginToken: () => Promise.reject(new Error('database unreachable')) });
    const outage = await fetch(`${base}/__perseid/metrics`, asUser('admin-login-token'));
    assert.equal(outage.status, 503);
    assert.doesNotMatch(await outage.text(), /perseid_|database unreachable/);
  });

  it('serves every series the Grafana dashboard (grafana-dashboard.json) queries', async () => {
    const dashboard = JSON.parse(readFileSync(new URL('../grafana-dashboard.json', import.meta.url), 'utf8')) as {
      __inputs: Array<{ name: string; pluginId: string }>;
      panels: Array<{ type: string; targets?: Array<{ expr: string }> }>;
    };
    assert.deepEqual(
      dashboard.__inputs.map((input) => [input.name, input.pluginId]),
      [['DS_PROMETHEUS', 'prometheus']],
    );
    const queried = new Set<string>();
    for (const panel of dashboard.panels) {
      for (const target of panel.targets ?? []) for (const [name] of target.expr.matchAll(/\b(perseid|nodejs|process)_[a-z0-9_]+/g)) queried.add(name);
    }
    assert.ok(queried.size >= 15, `the dashboard queries ${queried.size} series`);

    t.server.methods({ 'messages.send': () => 'ok' });
    t.server.publish('rooms', function (this: Subscription) {
      this.ready();
    });
    const observers = registerMetricsSource('observers', () => ({
      observersByDriver: { changeStreams: 1 },
      changeStreamsByState: { streaming: 1 },
      changeStreamLagSeconds: 0,
      changeEvents: 1,
    }));
    const logins = registerMetricsSource('logins', () => ({ attempts: 1, failures: 0 }));
    try {
      const client = await connect();
      client.send({ msg: 'sub', id: 's', name: 'rooms' });
      await client.next(msg('ready'));
      client.send({ msg: 'method', id: 'm', method: 'messages.send', params: [] });
      await client.next(msg('updated'));
      const served = new Set((await scrape()).samples.map((s) => s.name));
      const missing = [...queried].filter((name) => !served.has(name));
      assert.deepEqual(missing, []);
    } finally {
      observers.stop();
      logins.stop();
    }
  });
});
