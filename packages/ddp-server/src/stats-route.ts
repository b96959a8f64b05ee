/**
 * Mounts `GET /__perseid/stats` on an Express app, for admins only in every mode (see
 * `admin-route` for the refusals).
 */
import { mountAdminRoute, type RouteHost } from './admin-route';
import type { Server } from './server';
import { collectStats } from './stats';

export type { RouteHost } from './admin-route';

export interface StatsRouteOptions {
  /** Default: process.env.PERSEID_STATS_TOKEN. */
  token?: string;
  path?: string;
}

export const STATS_PATH = '/__perseid/stats';

export function mountStatsRoute(app: RouteHost, server: Server, options: StatsRouteOptions = {}): void {
  mountAdminRoute(app, server, {
    path: options.path ?? STATS_PATH,
    what: 'the stats',
    token: options.token,
    report: () => ({ contentType: 'application/json; charset=utf-8', body: JSON.stringify(collectStats(server)) }),
  });
}
