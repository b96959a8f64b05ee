import type { RequestHandler } from 'express';

/** What the health endpoint says about the database, as named states. */
export type DatabaseState = 'connected' | 'unreachable' | 'not-configured' | 'unknown';

export type DatabaseProbe = () => Promise<DatabaseState>;

/** Whether this process takes new work: `draining` once it has been asked to stop. */
export type ServingState = 'serving' | 'draining';

/** One part of the server a check looks at (e.g. the change streams), with what it reports. */
export interface HealthCheckResult {
  readonly healthy: boolean;
  readonly report: unknown;
}

export type HealthCheck = () => HealthCheckResult | Promise<HealthCheckResult>;

/**
 * `ok`: serve traffic here. `degraded`: the process answers but the database is unreachable or
 * a check failed (its observers may be missing writes). `draining`: shutting down.
 */
export type HealthStatus = 'ok' | 'degraded' | 'draining';

export interface HealthReport {
  readonly status: HealthStatus;
  readonly version: string;
  readonly clientVersion: string;
  readonly database: DatabaseState;
  /** One entry per registered check, by name. */
  readonly checks: Readonly<Record<string, HealthCheckResult>>;
}

export interface HealthSources {
  info(): { version: string; clientVersion: string };
  probe(): DatabaseProbe | undefined;
  checks(): ReadonlyMap<string, HealthCheck>;
  serving(): ServingState;
}

/**
 * `GET /__perseid/health`, for load balancers: 200 only when this server should get traffic;
 * 503 while draining, when the database is unreachable, or when a check fails (a server whose
 * change streams stalled would show stale data). The JSON body says which, in every case.
 * A check that throws counts as failed; its error message is not exposed.
 */
export function healthHandler(sources: HealthSources): RequestHandler {
  return (_req, res, next) => {
    const current = sources.probe();
    const database = current === undefined ? Promise.resolve<DatabaseState>('unknown') : current().catch((): DatabaseState => 'unknown');
    const checks = Promise.all(
      [...sources.checks()].map(async ([name, check]): Promise<[string, HealthCheckResult]> => {
        try {
          return [name, await check()];
        } catch {
          return [name, { healthy: false, report: 'check failed' }];
        }
      }),
    );
    Promise.all([database, checks])
      .then(([db, results]) => {
        const serving = sources.serving();
        const healthy = db !== 'unreachable' && results.every(([, r]) => r.healthy);
        const status: HealthStatus = serving === 'draining' ? 'draining' : healthy ? 'ok' : 'degraded';
        const report: HealthReport = { status, ...sources.info(), database: db, checks: Object.fromEntries(results) };
        res.setHeader('Cache-Control', 'no-store');
        res.status(status === 'ok' ? 200 : 503).json(report);
      })
      .catch(next);
  };
}
