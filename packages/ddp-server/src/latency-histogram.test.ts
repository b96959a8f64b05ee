import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { LatencyHistogram } from './latency-histogram';

describe('LatencyHistogram', () => {
  it("counts a value equal to a bound in that bound's bucket and exports cumulative buckets, sum and count", async () => {
    const registry = new Registry();
    const histogram = new LatencyHistogram('t_seconds', 'test', [0.01, 0.1, 1]);
    registry.registerMetric(histogram.asRegistryMetric());
    const fast = histogram.series({ method: 'fast', outcome: 'ok' });
    for (const seconds of [0.001, 0.01, 0.05, 0.1, 2]) fast.observe(seconds);
    histogram.series({ method: 'idle', outcome: 'ok' });
    const lines = (await registry.metrics()).split('\n');
    assert.deepEqual(
      lines.filter((l) => l.includes('method="fast"')),
      [
        't_seconds_bucket{method="fast",outcome="ok",le="0.01"} 2',
        't_seconds_bucket{method="fast",outcome="ok",le="0.1"} 4',
        't_seconds_bucket{method="fast",outcome="ok",le="1"} 4',
        't_seconds_bucket{method="fast",outcome="ok",le="+Inf"} 5',
        't_seconds_sum{method="fast",outcome="ok"} 2.161',
        't_seconds_count{method="fast",outcome="ok"} 5',
      ],
    );
    assert.ok(lines.includes('# TYPE t_seconds histogram'));
    assert.ok(lines.includes('t_seconds_count{method="idle",outcome="ok"} 0'));
  });
});
