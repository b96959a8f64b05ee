import type { ObserverMetrics } from '@perseid/ddp-server';
import { observerStats } from './observer-stats';
import { changeEventsRead } from './shared-change-stream';

/**
 * The observers and change streams of this process as the metrics endpoint reports them: counts
 * by driver and by stream state (both label sets are the runtime's own names), the worst lag of
 * an open stream, and the change events read since start.
 */
export function observerMetrics(): ObserverMetrics {
  const stats = observerStats();
  const changeStreamsByState: Record<string, number> = {};
  let lag: number | null = null;
  for (const connection of stats.connections) {
    for (const stream of connection.changeStreams) {
      changeStreamsByState[stream.state] = (changeStreamsByState[stream.state] ?? 0) + 1;
      if (stream.state === 'stopped' || stream.lagSeconds === null) continue;
      lag = Math.max(lag ?? 0, stream.lagSeconds);
    }
  }
  return { observersByDriver: stats.byDriver, changeStreamsByState, changeStreamLagSeconds: lag, changeEvents: changeEventsRead() };
}
