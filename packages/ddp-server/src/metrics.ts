/**
 * The one Prometheus registry module of the runtime (prom-client). It wires what the packages
 * count into metric families:
 *
 * - this server: sessions by state, subscriptions by publication, method latency by method and
 *   outcome, messages and bytes sent, bytes buffered for slow readers, rate-limit refusals;
 * - the process: event-loop delay, CPU, memory (prom-client's default collectors);
 * - packages above ddp-server through `metrics-sources`: observers by driver and change streams
 *   (mongo), login attempts (accounts-base).
 *
 * Everything but the method histogram is read at scrape time from counters the hot paths keep
 * anyway. Label values are bounded: publication and method names come from registered handlers
 * only (anything else is reported as `other`), drivers and states are the runtime's own names.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { LatencyHistogram, type LatencySeries } from './latency-histogram';
import type { MethodObserver, MethodOutcome } from './method-observer';
import { metricsSource } from './metrics-sources';
import type { Server } from './server';

/** The label of a name that is not (or no longer) a registered handler's. */
export const UNREGISTERED_NAME = 'other';

/** Method latency buckets in seconds: a chat method takes milliseconds, a slow one seconds. */
const METHOD_SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

let processRegistry: Registry | undefined;

/** Process-wide families (default collectors and package sources), created once. */
function processMetrics(): Registry {
  if (processRegistry !== undefined) return processRegistry;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'perseid_observers',
    help: 'Live observers (one per distinct query) by observe driver',
    labelNames: ['driver'],
    registers: [registry],
    collect() {
      this.reset();
      const observers = metricsSource('observers')?.();
      for (const [driver, count] of Object.entries(observers?.observersByDriver ?? {})) this.set({ driver }, count);
    },
  });
  new Gauge({
    name: 'perseid_change_streams',
    help: 'Change streams by state (one per observed collection per database connection)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      const observers = metricsSource('observers')?.();
      for (const [state, count] of Object.entries(observers?.changeStreamsByState ?? {})) this.set({ state }, count);
    },
  });
  new Gauge({
    name: 'perseid_change_stream_lag_seconds',
    help: 'Largest gap between the database clock and the newest change an open change stream has processed (whole seconds)',
    registers: [registry],
    collect() {
      this.reset();
      const lag = metricsSource('observers')?.().changeStreamLagSeconds;
      if (lag !== undefined && lag !== null) this.set(lag);
    },
  });
  totalCounter(registry, 'perseid_change_events_total', 'Change events read from the database', () => metricsSource('observers')?.().changeEvents);
  totalCounter(registry, 'perseid_login_attempts_total', 'Login method calls that ended (success or failure)', () => metricsSource('logins')?.().attempts);
  totalCounter(registry, 'perseid_login_failures_total', 'Login method calls that failed', () => metricsSource('logins')?.().failures);
  processRegistry = registry;
  return registry;
}

/** A counter mirroring a running total kept elsewhere (absent while nobody reports it). */
function totalCounter(registry: Registry, name: string, help: string, read: () => number | undefined): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      const total = read();
      if (total !== undefined) this.inc(total);
    },
  });
}

/** Per-label-set totals mirrored into a labelled counter. */
function labelledTotals<L extends string>(registry: Registry, name: string, help: string, label: L, read: () => Record<string, number>): void {
  new Counter({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    collect() {
      this.reset();
      for (const [value, total] of Object.entries(read())) this.inc({ [label]: value } as Record<L, string>, total);
    },
  });
}

/** The metrics of one DDP server; create with `enableMetrics`. */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly #server: Server;
  readonly #methodSeconds: LatencyHistogram;
  /** Histogram series by outcome and method name (registered names only, plus one `other`). */
  readonly #series: Record<MethodOutcome, Map<string, LatencySeries>> = { ok: new Map(), error: new Map() };
  readonly observer: MethodObserver;

  constructor(server: Server, now: () => number = () => performance.now()) {
    this.#server = server;
    // The event-loop monitor starts with the measuring, so the first scrape already has samples.
    processMetrics();
    const registry = this.registry;
    new Gauge({
      name: 'perseid_sessions',
      help: 'DDP sessions by state (attached: socket open; detached: waiting to be resumed)',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        let attached = 0;
        let detached = 0;
        for (const session of server.sessions.values()) {
          if (session.state === 'attached') attached += 1;
          else if (session.state === 'detached') detached += 1;
        }
        this.set({ state: 'attached' }, attached);
        this.set({ state: 'detached' }, detached);
      },
    });
    new Gauge({
      name: 'perseid_subscriptions',
      help: 'Running named subscriptions by publication',
      labelNames: ['publication'],
      registers: [registry],
      collect() {
        this.reset();
        const counts = new Map<string, number>();
        for (const session of server.sessions.values()) {
          for (const name of session.subscriptionNames()) {
            const publication = server.publishHandler(name) === undefined ? UNREGISTERED_NAME : name;
            counts.set(publication, (counts.get(publication) ?? 0) + 1);
          }
        }
        for (const [publication, count] of counts) this.set({ publication }, count);
      },
    });
    new Gauge({
      name: 'perseid_ddp_buffered_bytes',
      help: 'Bytes written to DDP sockets that clients have not read yet',
      registers: [registry],
      collect() {
        let bytes = 0;
        for (const session of server.sessions.values()) bytes += session.bufferedBytes;
        this.set(bytes);
      },
    });
    new Gauge({
      name: 'perseid_methods_in_flight',
      help: 'Method calls between their method message and their updated message',
      registers: [registry],
      collect() {
        this.set(server.methodsInFlight.count);
      },
    });
    totalCounter(registry, 'perseid_ddp_sent_bytes_total', 'Bytes of DDP frames sent', () => server.traffic.bytesOut);
    totalCounter(registry, 'perseid_ddp_sent_messages_total', 'DDP messages sent', () => server.traffic.messagesOut);
    totalCounter(registry, 'perseid_ddp_received_messages_total', 'DDP messages received', () => server.traffic.messagesIn);
    labelledTotals(registry, 'perseid_rate_limit_refusals_total', 'Calls, subscriptions and WebSocket upgrades refused for going too fast', 'kind', () => ({
      method: server.refusals.method,
      subscription: server.refusals.subscription,
      connection: server.refusals.connection,
    }));
    this.#methodSeconds = new LatencyHistogram(
      'perseid_method_duration_seconds',
      'Time from a method handler starting to its result, by method and outcome',
      METHOD_SECONDS_BUCKETS,
    );
    registry.registerMetric(this.#methodSeconds.asRegistryMetric());
    this.observer = { now, finished: (name, ms, outcome) => this.#observe(name, ms, outcome) };
  }

  #observe(name: string, ms: number, outcome: MethodOutcome): void {
    const known = this.#series[outcome];
    let series = known.get(name);
    if (series === undefined) {
      const method = this.#server.methodHandler(name) === undefined ? UNREGISTERED_NAME : name;
      series = known.get(method) ?? this.#methodSeconds.series({ method, outcome });
      known.set(method, series);
    }
    series.observe(ms / 1000);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of this server's and the process's metrics. */
  async text(): Promise<string> {
    return Registry.merge([processMetrics(), this.registry]).metrics();
  }
}

const enabled = new WeakMap<Server, ServerMetrics>();

/** Starts measuring `server` (idempotent): installs its method observer and returns its metrics. */
export function enableMetrics(server: Server): ServerMetrics {
  let metrics = enabled.get(server);
  if (metrics === undefined) {
    metrics = new ServerMetrics(server);
    enabled.set(server, metrics);
    server.setMethodObserver(metrics.observer);
  }
  return metrics;
}
