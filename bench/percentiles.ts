/**
 * The benchmarks' one way to summarise samples: an HDR histogram (hdr-histogram-js, 3
 * significant digits, so a reported percentile is within 0.1 % of the sample at that rank)
 * instead of each bench sorting and indexing its own array with its own rounding rule.
 *
 * Samples are in any unit (ms, µs); they are recorded at 1/1000 of that unit, so sub-unit
 * differences survive. Negative samples count as 0.
 */
import * as hdr from 'hdr-histogram-js';

const SCALE = 1000;

export interface Percentiles {
  readonly n: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** The value at percentile `p` (0–100); NaN without samples. */
  at(p: number): number;
}

export function percentiles(samples: Iterable<number>): Percentiles {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 2, autoResize: true, numberOfSignificantValueDigits: 3 });
  let n = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const sample of samples) {
    n += 1;
    sum += sample;
    min = Math.min(min, sample);
    max = Math.max(max, sample);
    histogram.recordValue(Math.max(0, Math.round(sample * SCALE)));
  }
  const at = (p: number): number => {
    if (n === 0) return Number.NaN;
    if (p >= 100) return max;
    if (p <= 0) return min;
    // The histogram answers the top of a bucket; never report beyond the samples seen.
    return Math.min(max, Math.max(min, histogram.getValueAtPercentile(p) / SCALE));
  };
  return n === 0 ? { n, min: Number.NaN, max: Number.NaN, mean: Number.NaN, at } : { n, min, max, mean: sum / n, at };
}
