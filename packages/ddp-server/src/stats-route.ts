/**
 * Mounts `GET /__perseid/stats` on an Express app, for admins only in every mode (see
 * `stats-access`): 401 without a credential that names someone, 403 for a non-admin, 404 when
 * neither a stats token nor an admin check is configured.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from './server';
import { collectStats } from './stats';
import { decideStatsAccess, type StatsAccessDecision } from './stats-access';

/** The slice of an Express app this needs. */
export interface RouteHost {
  get(path: string, handler: (request: IncomingMessage, response: ServerResponse) => void): unknown;
}

export interface StatsRouteOptions {
  /** Default: process.env.PERSEID_STATS_TOKEN. */
  token?: string;
  path?: string;
}

export const STATS_PATH = '/__perseid/stats';

const REFUSALS: Record<Exclude<StatsAccessDecision, 'granted'>, { status: number; error: string }> = {
  unauthenticated: { status: 401, error: 'An admin login token or the stats token is required' },
  forbidden: { status: 403, error: 'Only an admin can read the stats' },
  hidden: { status: 404, error: 'Not found' },
};

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
  response.end(text);
}

export function mountStatsRoute(app: RouteHost, server: Server, options: StatsRouteOptions = {}): void {
  const token = options.token ?? process.env['PERSEID_STATS_TOKEN'];
  app.get(options.path ?? STATS_PATH, (request, response) => {
    decideStatsAccess(request.headers.authorization, token, server.statsAccess).then(
      (decision) => {
        if (decision !== 'granted') {
          const refusal = REFUSALS[decision];
          reply(response, refusal.status, { error: refusal.error });
          return;
        }
        reply(response, 200, collectStats(server));
      },
      (error: unknown) => {
        server.log('GET /__perseid/stats: the access check failed', error);
        reply(response, 500, { error: 'Internal server error' });
      },
    );
  });
}
