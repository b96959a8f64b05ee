/**
 * What packages above ddp-server report to the metrics endpoint, without ddp-server importing
 * them (as stats providers do for the stats report): mongo reports its observers and change
 * streams, accounts-base its login attempts. Each source is read at scrape time only, so the
 * hot paths keep plain counters and pay nothing for being measured.
 */

export interface ObserverMetrics {
  /** Live observers (multiplexers) by observe driver name. */
  readonly observersByDriver: Readonly<Record<string, number>>;
  /** Open change streams by state. */
  readonly changeStreamsByState: Readonly<Record<string, number>>;
  /** The largest lag of an open change stream in seconds, null while none has read. */
  readonly changeStreamLagSeconds: number | null;
  /** Change events read since the process started. */
  readonly changeEvents: number;
}

export interface LoginMetrics {
  /** Login method calls that ended, by outcome, since the process started. */
  readonly attempts: number;
  readonly failures: number;
}

export interface MetricsSources {
  observers: () => ObserverMetrics;
  logins: () => LoginMetrics;
}

/** Registered sources by name, newest last: the newest reports, and stopping it brings back the one before. */
const sources = new Map<keyof MetricsSources, Array<MetricsSources[keyof MetricsSources]>>();

/** Sets the source of one section (over any earlier one until stopped); returns a stop() safe to call twice. */
export function registerMetricsSource<K extends keyof MetricsSources>(name: K, source: MetricsSources[K]): { stop(): void } {
  const stack = sources.get(name) ?? [];
  stack.push(source);
  sources.set(name, stack);
  return {
    stop: () => {
      const index = stack.indexOf(source);
      if (index >= 0) stack.splice(index, 1);
    },
  };
}

export function metricsSource<K extends keyof MetricsSources>(name: K): MetricsSources[K] | undefined {
  const stack = sources.get(name);
  return stack?.[stack.length - 1] as MetricsSources[K] | undefined;
}
