/**
 * An admin-only GET route (the stats report, the metrics endpoint): one access decision
 * (`stats-access`) and one set of refusals for both. 401 without a credential that names
 * someone, 403 for a non-admin, 404 when neither a stats token nor an admin check is configured,
 * 503 when the check or the report itself could not be completed (a database outage, say):
 * never a 500, never a byte of the report to anyone but an admin or the token holder.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from './server';
import { decideStatsAccess, type StatsAccessDecision } from './stats-access';

/** The slice of an Express app this needs. */
export interface RouteHost {
  get(path: string, handler: (request: IncomingMessage, response: ServerResponse) => void): unknown;
}

export interface AdminReport {
  readonly contentType: string;
  readonly body: string;
}

export interface AdminRoute {
  readonly path: string;
  /** What the route shows, for the 403 message ("the stats", "the metrics"). */
  readonly what: string;
  /** Default: process.env.PERSEID_STATS_TOKEN (one operator token opens every admin route). */
  readonly token?: string | undefined;
  report(): AdminReport | Promise<AdminReport>;
}

function refusal(decision: Exclude<StatsAccessDecision, 'granted'>, what: string): { status: number; error: string } {
  switch (decision) {
    case 'unauthenticated':
      return { status: 401, error: 'An admin login token or the stats token is required' };
    case 'forbidden':
      return { status: 403, error: `Only an admin can read ${what}` };
    case 'hidden':
      return { status: 404, error: 'Not found' };
    default:
      return decision satisfies never;
  }
}

function send(response: ServerResponse, status: number, report: AdminReport): void {
  response.statusCode = status;
  response.setHeader('Content-Type', report.contentType);
  response.setHeader('Cache-Control', 'no-store');
  if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
  response.end(report.body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, { contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) });
}

export function mountAdminRoute(app: RouteHost, server: Server, route: AdminRoute): void {
  const token = route.token ?? process.env['PERSEID_STATS_TOKEN'];
  app.get(route.path, (request, response) => {
    const answer = async (): Promise<void> => {
      const decision = await decideStatsAccess(request.headers.authorization, token, server.statsAccess);
      if (decision !== 'granted') {
        const refused = refusal(decision, route.what);
        sendJson(response, refused.status, { error: refused.error });
        return;
      }
      send(response, 200, await route.report());
    };
    answer().catch((error: unknown) => {
      server.log(`GET ${route.path} could not be answered`, error);
      if (!response.headersSent) sendJson(response, 503, { error: 'Service unavailable' });
    });
  });
}
