/**
 * Mounts `GET /__perseid/metrics` (Prometheus text format) on an Express app, behind the same
 * admin-only access as the stats report (`admin-route`). Mounting it starts the measuring.
 */
import { mountAdminRoute, type RouteHost } from './admin-route';
import { enableMetrics } from './metrics';
import type { Server } from './server';

export interface MetricsRouteOptions {
  /** Default: process.env.PERSEID_STATS_TOKEN. */
  token?: string;
  path?: string;
}

export const METRICS_PATH = '/__perseid/metrics';

export function mountMetricsRoute(app: RouteHost, server: Server, options: MetricsRouteOptions = {}): void {
  const metrics = enableMetrics(server);
  mountAdminRoute(app, server, {
    path: options.path ?? METRICS_PATH,
    what: 'the metrics',
    token: options.token,
    report: async () => ({ contentType: metrics.contentType, body: await metrics.text() }),
  });
}
