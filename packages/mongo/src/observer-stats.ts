import { allRemoteCollectionDrivers, type DriverStats } from './remote-collection-driver';

export interface ObserverStats {
  /** Live observers (multiplexers) by driver name. */
  readonly byDriver: Record<string, number>;
  /** Sum of handles over all observers. */
  readonly handles: number;
  /** Open shared change streams (one per observed collection per connection). */
  readonly changeStreams: number;
  readonly connections: DriverStats[];
}

/** What every connection in this process observes, for tests and the stats endpoint. */
export function observerStats(): ObserverStats {
  const connections = allRemoteCollectionDrivers().map((d) => d.stats());
  const byDriver: Record<string, number> = {};
  let handles = 0;
  let changeStreams = 0;
  for (const c of connections) {
    for (const o of c.observers) {
      const name = o.driver ?? 'starting';
      byDriver[name] = (byDriver[name] ?? 0) + 1;
      handles += o.handles;
    }
    changeStreams += c.changeStreams.filter((s) => s.state !== 'stopped' && s.state !== 'unavailable').length;
  }
  return { byDriver, handles, changeStreams, connections };
}
