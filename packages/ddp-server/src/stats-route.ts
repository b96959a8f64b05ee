/**
 * Mounts `GET /__perseid/stats` on an Express app. Open in development; in production it answers
 * only requests carrying `Authorization: Bearer <PERSEID_STATS_TOKEN>` (and 404s when no token is
 * configured, so its existence is not advertised).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from './server';
import { collectStats } from './stats';

/** The slice of an Express app this needs. */
export interface RouteHost {
  get(path: string, handler: (request: IncomingMessage, response: ServerResponse) => void): unknown;
}

export interface StatsRouteOptions {
  /** Default: NODE_ENV === 'production'. */
  production?: boolean;
  /** Default: process.env.PERSEID_STATS_TOKEN. */
  token?: string;
  path?: string;
}

export const STATS_PATH = '/__perseid/stats';

function tokenMatches(header: string | undefined, token: string): boolean {
  if (header === undefined || !header.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.end(text);
}

export function mountStatsRoute(app: RouteHost, server: Server, options: StatsRouteOptions = {}): void {
  const production = options.production ?? process.env['NODE_ENV'] === 'production';
  const token = options.token ?? process.env['PERSEID_STATS_TOKEN'];
  app.get(options.path ?? STATS_PATH, (request, response) => {
    if (production) {
      if (!token) return reply(response, 404, { error: 'Not found' });
      if (!tokenMatches(request.headers.authorization, token)) return reply(response, 401, { error: 'Stats token required' });
    }
    reply(response, 200, collectStats(server));
  });
}
