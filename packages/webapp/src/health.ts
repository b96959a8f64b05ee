import type { RequestHandler } from 'express';

/** What the health endpoint says about the database, as named states. */
export type DatabaseState = 'connected' | 'unreachable' | 'not-configured' | 'unknown';

export type DatabaseProbe = () => Promise<DatabaseState>;

export interface HealthReport {
  readonly status: 'ok';
  readonly version: string;
  readonly clientVersion: string;
  readonly database: DatabaseState;
}

/**
 * `GET /__perseid/health`: 200 with JSON while the process serves requests; the database
 * state is reported, not required, so a load balancer can tell "app up, DB down" apart.
 */
export function healthHandler(info: () => { version: string; clientVersion: string }, probe: () => DatabaseProbe | undefined): RequestHandler {
  return (_req, res, next) => {
    const current = probe();
    const state = current === undefined ? Promise.resolve<DatabaseState>('unknown') : current().catch((): DatabaseState => 'unknown');
    state
      .then((database) => {
        const report: HealthReport = { status: 'ok', ...info(), database };
        res.setHeader('Cache-Control', 'no-store');
        res.json(report);
      })
      .catch(next);
  };
}
