/**
 * A Prometheus histogram family kept in typed arrays, for the method hot path: observing is a
 * scan of a dozen bucket bounds and three additions (prom-client's own Histogram hashes its label
 * set on every observation, several times the cost). The family is handed to prom-client's
 * Registry, which reads any metric through `getForPromString()`/`get()`.
 *
 * Invariant: each series' `counts[i]` counts observations in (bounds[i-1], bounds[i]], the last
 * slot those above every bound; exported buckets are cumulative, as the format requires.
 */
import type { Metric } from 'prom-client';

export class LatencySeries {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  readonly #bounds: readonly number[];

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    bounds: readonly number[],
  ) {
    this.#bounds = bounds;
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(seconds: number): void {
    const bounds = this.#bounds;
    let i = 0;
    while (i < bounds.length && seconds > (bounds[i] as number)) i += 1;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += seconds;
    this.count += 1;
  }
}

interface ExportedValue {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

export class LatencyHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #series: LatencySeries[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    readonly bounds: readonly number[],
  ) {}

  /** A new series with these labels (the caller keeps it and bounds how many it makes). */
  series(labels: Readonly<Record<string, string>>): LatencySeries {
    const series = new LatencySeries(labels, this.bounds);
    this.#series.push(series);
    return series;
  }

  getForPromString(): Promise<{ name: string; help: string; type: string; aggregator: string; values: ExportedValue[] }> {
    const values: ExportedValue[] = [];
    for (const series of this.#series) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += series.counts[i] as number;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...series.labels, le: bound }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...series.labels, le: '+Inf' }, value: series.count });
      values.push({ metricName: `${this.name}_sum`, labels: { ...series.labels }, value: series.sum });
      values.push({ metricName: `${this.name}_count`, labels: { ...series.labels }, value: series.count });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  get(): ReturnType<LatencyHistogram['getForPromString']> {
    return this.getForPromString();
  }

  /** This family as prom-client's Registry takes it (it reads metrics only through the methods above). */
  asRegistryMetric(): Metric {
    return this as unknown as Metric;
  }
}
